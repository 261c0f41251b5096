<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AuditEventModel</name>
    <message>
        <source>#</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>OK</source>
        <extracomment>Outcomes as stored → English words shown (translated).</extracomment>
        <translation>成功</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Your roles do not allow reading the audit log; you may still verify it.</source>
        <translation>您的角色无权查阅审计日志；但仍可校验审计链。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Action contains…</source>
        <translation>操作包含…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验审计链</translation>
    </message>
    <message>
        <source>Check every event&apos;s hash, the chain links, the signed checkpoints and the certificate.</source>
        <translation>校验每条事件的哈希、链接关系、已签名的检查点以及工作站证书。</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Select an event to see its details and hash.</source>
        <translation>选择一条事件以查看其详情和哈希值。</translation>
    </message>
    <message>
        <source>Chain verification</source>
        <translation>审计链校验</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Hash (SHA-256)</source>
        <translation>哈希值 (SHA-256)</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Verifying the audit chain…</source>
        <translation>正在校验审计链…</translation>
    </message>
    <message>
        <source>Audit chain OK: {events} events and {checkpoints} signed checkpoints verified.</source>
        <translation>审计链完好：已校验 {events} 条事件和 {checkpoints} 个签名检查点。</translation>
    </message>
    <message>
        <source>The audit chain has {count} problem(s) ({events} events checked):</source>
        <translation>审计链发现 {count} 个问题（已检查 {events} 条事件）：</translation>
    </message>
    <message>
        <source>Verification did not finish: {message}</source>
        <translation>校验未完成：{message}</translation>
    </message>
</context>
<context>
    <name>CardPreviewModel</name>
    <message>
        <source>File on the card</source>
        <translation>卡内文件</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Why skipped</source>
        <translation>跳过原因</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Gather recordings into cases and produce the evidence disc: originals, signed manifest, checksums and the signed provenance sheet, burned and verified.</source>
        <translation>将音视频资料归入案件并制作证据光盘：原始文件、已签名的清单、校验值和已签名的来源说明，刻录后进行校验。</translation>
    </message>
</context>
<context>
    <name>CompliancePage</name>
    <message>
        <source>Register the body cameras and their holders, explain gaps and late imports, and follow retention and disposal under the regulation.</source>
        <translation>登记执法记录仪及其使用人，说明记录中断和逾期导入，并按规定跟踪保存期限和销毁。</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Import a camera card</source>
        <extracomment>run_operation&apos;s dialog must never appear for work this page shows itself (longest QTimer interval). Emitted on the GUI thread after an import ended (with its result) — e.g. for the Library.</extracomment>
        <translation>导入执法记录仪存储卡</translation>
    </message>
    <message>
        <source>No card detected. Insert a card, or choose a folder.</source>
        <translation>未检测到存储卡。请插入存储卡，或选择文件夹。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Read the card again</source>
        <translation>重新读取</translation>
    </message>
    <message>
        <source>Cards and removable disks</source>
        <translation>存储卡与移动磁盘</translation>
    </message>
    <message>
        <source>No card chosen.</source>
        <translation>尚未选择存储卡。</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Findings of this import</source>
        <translation>本次导入发现的问题</translation>
    </message>
    <message>
        <source>Files on the card</source>
        <translation>卡内文件</translation>
    </message>
    <message>
        <source>Import result</source>
        <translation>导入结果</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>正在导入</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Only custodians and administrators may import cards. You may look at a card&apos;s files.</source>
        <translation>只有保管人和系统管理员可以导入存储卡；您可以查看卡内文件。</translation>
    </message>
    <message>
        <source>Choose a card or folder first.</source>
        <translation>请先选择存储卡或文件夹。</translation>
    </message>
    <message>
        <source>This card has no files to import.</source>
        <translation>此卡没有可导入的文件。</translation>
    </message>
    <message>
        <source>Copy every file into the vault, hash and check it.</source>
        <translation>将每个文件复制到存储库，计算哈希值并回读校验。</translation>
    </message>
    <message>
        <source>{name} — {size}, {free} free — {root}</source>
        <translation>{name} — {size}，可用 {free} — {root}</translation>
    </message>
    <message>
        <source>New card detected: {name}. Check its files, then import.</source>
        <translation>检测到新存储卡：{name}。请核对卡内文件后导入。</translation>
    </message>
    <message>
        <source>Choose the card&apos;s top folder</source>
        <translation>选择存储卡的顶层文件夹</translation>
    </message>
    <message>
        <source>Card: {path}</source>
        <translation>存储卡：{path}</translation>
    </message>
    <message>
        <source>This folder cannot be imported: {message}</source>
        <translation>无法导入此文件夹：{message}</translation>
    </message>
    <message>
        <source>{count} files, {size} to import; {skipped} will be skipped.</source>
        <translation>待导入 {count} 个文件，共 {size}；将跳过 {skipped} 个。</translation>
    </message>
    <message>
        <source>Importing the card…</source>
        <translation>正在导入存储卡…</translation>
    </message>
    <message>
        <source>Importing {card}</source>
        <translation>正在导入 {card}</translation>
    </message>
    <message>
        <source>Cancelling… the files being copied are finished first.</source>
        <translation>正在取消… 正在复制的文件会先完成。</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>{rate} MB/s</source>
        <translation>{rate} MB/s</translation>
    </message>
    <message>
        <source>Speed: measuring…</source>
        <translation>速度：测算中…</translation>
    </message>
    <message>
        <source>About {time} left</source>
        <translation>约剩 {time}</translation>
    </message>
    <message>
        <source>Time left: estimating…</source>
        <translation>剩余时间：估算中…</translation>
    </message>
    <message>
        <source>File {number} of {count}: {path} ({size})</source>
        <translation>第 {number} / {count} 个文件：{path}（{size}）</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>The import was cancelled before any file was copied.</source>
        <translation>导入在复制任何文件之前已取消。</translation>
    </message>
    <message>
        <source>The import failed: {message}</source>
        <translation>导入失败：{message}</translation>
    </message>
    <message>
        <source>Stored {stored} · already stored {already} · skipped {skipped} · failed {failed} — {size} stored.</source>
        <translation>已存储 {stored} · 此前已存储 {already} · 跳过 {skipped} · 失败 {failed} — 共存储 {size}。</translation>
    </message>
    <message>
        <source>Import completed.</source>
        <translation>导入完成。</translation>
    </message>
    <message>
        <source>Import cancelled: files not yet copied are listed as skipped; nothing half-copied was kept.</source>
        <translation>导入已取消：尚未复制的文件列为跳过；未保留任何复制不完整的文件。</translation>
    </message>
    <message>
        <source>Import stopped: {message}</source>
        <translation>导入已中止：{message}</translation>
    </message>
    <message>
        <source>{count} finding(s) need attention.</source>
        <translation>有 {count} 项问题需要处理。</translation>
    </message>
    <message>
        <source>No findings.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Making thumbnails… {done} of {total}</source>
        <translation>正在生成缩略图… {done} / {total}</translation>
    </message>
    <message>
        <source>Thumbnails ready ({count} made).</source>
        <translation>缩略图已生成（{count} 个）。</translation>
    </message>
    <message>
        <source>Thumbnails were not made: {message}</source>
        <translation>未能生成缩略图：{message}</translation>
    </message>
    <message>
        <source>Making thumbnails…</source>
        <translation>正在生成缩略图…</translation>
    </message>
</context>
<context>
    <name>ImportResultModel</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>File on the card</source>
        <translation>卡内文件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Camera start</source>
        <translation>拍摄开始</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已存储</translation>
    </message>
    <message>
        <source>Already stored</source>
        <translation>此前已存储</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>From</source>
        <translation>自</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Device serial</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <source>Officer number</source>
        <translation>执法人员编号</translation>
    </message>
    <message>
        <source>Any kind</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Any or no finding</source>
        <translation>全部（不限问题）</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Request viewing…</source>
        <translation>申请查阅…</translation>
    </message>
    <message>
        <source>Your roles do not allow asking to view recordings.</source>
        <translation>您的角色无权申请查阅音像记录。</translation>
    </message>
    <message>
        <source>Select a recording to see all its metadata, hashes and findings.</source>
        <translation>选择一条记录以查看其全部元数据、哈希值和发现的问题。</translation>
    </message>
    <message>
        <source>Recording details</source>
        <translation>记录详情</translation>
    </message>
    <message>
        <source>{count} recordings loaded; scroll for more.</source>
        <translation>已加载 {count} 条记录；向下滚动加载更多。</translation>
    </message>
    <message>
        <source>{count} recordings.</source>
        <translation>共 {count} 条记录。</translation>
    </message>
    <message>
        <source>No thumbnail (not a playable video, or not made yet).</source>
        <translation>无缩略图（不是可播放的视频，或尚未生成）。</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>File on the card</source>
        <translation>卡内文件</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Playable</source>
        <translation>可播放</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Camera start</source>
        <translation>拍摄开始</translation>
    </message>
    <message>
        <source>Camera end</source>
        <translation>拍摄结束</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Time taken from</source>
        <translation>时间来源</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>{size} ({bytes} bytes)</source>
        <translation>{size}（{bytes} 字节）</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>SM3</source>
        <translation>SM3</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入批次</translation>
    </message>
    <message>
        <source>Imported at</source>
        <translation>导入时间</translation>
    </message>
    <message>
        <source>Import delay</source>
        <translation>导入延迟</translation>
    </message>
    <message>
        <source>Duplicate of</source>
        <translation>重复于</translation>
    </message>
    <message>
        <source>Clock offset (s)</source>
        <translation>时钟偏差（秒）</translation>
    </message>
    <message>
        <source>Disposed</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Media information</source>
        <translation>媒体信息</translation>
    </message>
    <message>
        <source>The viewing request was not sent: {message}</source>
        <translation>查阅申请未发送：{message}</translation>
    </message>
    <message>
        <source>Request #{number} for {count} recording(s) was sent; a director will decide it.</source>
        <translation>已发送第 {number} 号申请（{count} 条记录），等待主管局长审批。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Evidence Station</source>
        <translation>登录 — 执法音像记录证据工作站</translation>
    </message>
    <message>
        <source>Station ID: {station}</source>
        <translation>工作站编号：{station}</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>The account is locked.</source>
        <translation>该账户已被锁定。</translation>
    </message>
    <message>
        <source>Log-in refused.</source>
        <translation>登录被拒绝。</translation>
    </message>
    <message>
        <source>Log-in failed.</source>
        <translation>登录失败。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{station} — Evidence Station</source>
        <translation>{station} — 执法音像记录证据工作站</translation>
    </message>
    <message>
        <source>Station: {name} ({station_id})</source>
        <translation>工作站：{name}（{station_id}）</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <source>User: {user} — {roles}</source>
        <translation>用户：{user} — {roles}</translation>
    </message>
    <message>
        <source>This page could not be opened: {error}</source>
        <translation>无法打开此页面：{error}</translation>
    </message>
    <message>
        <source>The session-end checkpoint could not be signed: {error}</source>
        <translation>无法签署会话结束检查点：{error}</translation>
    </message>
    <message>
        <source>Session end</source>
        <translation>会话结束</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <source>Import</source>
        <extracomment>Builds a page for the logged-in user. Translation context of the page titles.</extracomment>
        <translation>导入</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>资料库</translation>
    </message>
    <message>
        <source>Viewing</source>
        <translation>查阅</translation>
    </message>
    <message>
        <source>Cases &amp; Export</source>
        <translation>案件与导出</translation>
    </message>
    <message>
        <source>Devices &amp; Compliance</source>
        <translation>设备与合规</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>PlaceholderPage</name>
    <message>
        <source>This part is not yet available in this version of the station.</source>
        <translation>本版本的工作站尚未提供此功能。</translation>
    </message>
</context>
<context>
    <name>PlayerWidget</name>
    <message>
        <source>Video playback is unavailable on this computer.</source>
        <translation>此计算机无法播放视频。</translation>
    </message>
    <message>
        <source>SECRET-CLASSIFIED RECORDING</source>
        <translation>涉密记录</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play / pause (Space)</source>
        <translation>播放 / 暂停（空格）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>◀|</source>
        <translation>◀|</translation>
    </message>
    <message>
        <source>Previous frame (Shift+Left)</source>
        <translation>上一帧（Shift+左方向键）</translation>
    </message>
    <message>
        <source>|▶</source>
        <translation>|▶</translation>
    </message>
    <message>
        <source>Next frame (Shift+Right)</source>
        <translation>下一帧（Shift+右方向键）</translation>
    </message>
    <message>
        <source>Playback speed ([ slower, ] faster)</source>
        <translation>播放速度（[ 减慢，] 加快）</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Snapshot</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Bookmark (B)</source>
        <translation>标记（B）</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Full screen (F, Esc to leave)</source>
        <translation>全屏（F；Esc 退出）</translation>
    </message>
    <message>
        <source>Camera time {time}</source>
        <translation>摄像机时间 {time}</translation>
    </message>
    <message>
        <source>Corrected time {time}</source>
        <translation>校正时间 {time}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>This recording cannot be played.</source>
        <translation>此记录无法播放。</translation>
    </message>
</context>
<context>
    <name>Purposes</name>
    <message>
        <source>Case handling</source>
        <extracomment>Viewing purposes → English (translated in context ``Purposes``), in the order the dialog offers them.</extracomment>
        <translation>案件办理</translation>
    </message>
    <message>
        <source>Complaint or petition</source>
        <translation>投诉信访</translation>
    </message>
    <message>
        <source>Administrative review or litigation</source>
        <translation>复议诉讼</translation>
    </message>
    <message>
        <source>Law-enforcement supervision</source>
        <translation>执法监督</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>system junk</source>
        <extracomment>The fixed reasons the scanner and importer give → English (translated in context ``Reasons``).</extracomment>
        <translation>系统垃圾文件</translation>
    </message>
    <message>
        <source>link (not followed)</source>
        <translation>链接（不跟随）</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>非普通文件</translation>
    </message>
    <message>
        <source>other filesystem</source>
        <translation>其他文件系统</translation>
    </message>
    <message>
        <source>folder already scanned (loop)</source>
        <translation>文件夹已扫描（循环）</translation>
    </message>
    <message>
        <source>this original is already catalogued</source>
        <translation>此原始文件已登记</translation>
    </message>
    <message>
        <source>not imported: the import was cancelled</source>
        <translation>未导入：导入已取消</translation>
    </message>
</context>
<context>
    <name>RecordingModel</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Camera start</source>
        <translation>拍摄开始</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现问题</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <extracomment>English role titles, translated in context &quot;Roles&quot;.</extracomment>
        <translation>系统管理员</translation>
    </message>
    <message>
        <source>Custodian</source>
        <translation>保管人</translation>
    </message>
    <message>
        <source>Investigator</source>
        <translation>调查人员</translation>
    </message>
    <message>
        <source>Director</source>
        <translation>主管局长</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审计人员</translation>
    </message>
</context>
<context>
    <name>RunningOperation</name>
    <message>
        <source>Cancel</source>
        <extracomment>The function an operation runs on the worker: it receives the progress callback and the cancel token. Progress dialogs appear only for operations that take longer than this (no flicker for quick ones).</extracomment>
        <translation>取消</translation>
    </message>
    <message>
        <source>Please wait</source>
        <translation>请稍候</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Station</source>
        <translation>工作站</translation>
    </message>
    <message>
        <source>Station name</source>
        <translation>工作站名称</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Station ID</source>
        <translation>工作站编号</translation>
    </message>
    <message>
        <source>Certificate SHA-256</source>
        <translation>证书 SHA-256 指纹</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Catalogue</source>
        <translation>目录数据库</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Interface language of this station</source>
        <translation>本工作站的界面语言</translation>
    </message>
    <message>
        <source>Only an administrator changes the station&apos;s language; the log-in window offers a language for your own session.</source>
        <translation>只有系统管理员可以更改工作站的语言；登录窗口可为您本次会话选择语言。</translation>
    </message>
    <message>
        <source>These settings are read only in this version.</source>
        <translation>本版本中这些设置为只读。</translation>
    </message>
    <message>
        <source>Saved: {language} applies the next time the station starts.</source>
        <translation>已保存：下次启动工作站时使用{language}。</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Gap %1 min %2 s</source>
        <translation>中断 %1 分 %2 秒</translation>
    </message>
    <message>
        <source>No recordings</source>
        <translation>无记录</translation>
    </message>
    <message>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <source>Not explained</source>
        <translation>未说明</translation>
    </message>
</context>
<context>
    <name>ViewingPage</name>
    <message>
        <source>Ask to view recordings with a reason, have a director approve or refuse the request, and play approved recordings with a watermark; every opening, seek and snapshot is logged in the viewing register.</source>
        <translation>说明事由申请查阅记录，由主管局长批准或拒绝；经批准后带水印播放，每次打开、跳转和截图均记入查阅登记。</translation>
    </message>
</context>
<context>
    <name>ViewingRequestDialog</name>
    <message>
        <source>Request viewing</source>
        <translation>申请查阅</translation>
    </message>
    <message>
        <source>{count} recording(s): {ids}</source>
        <translation>{count} 条记录：{ids}</translation>
    </message>
    <message>
        <source>Why do you need to view these recordings? (required)</source>
        <translation>为什么需要查阅这些记录？（必填）</translation>
    </message>
    <message>
        <source>Send request</source>
        <translation>提交申请</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>A director decides the request; you are told in the Viewing page.</source>
        <translation>申请由主管局长审批；结果显示在“查阅”页面。</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Video</source>
        <extracomment>Height of the thumbnail strip in the table (the strips on disk are 72 px high). Stored values → English words (translated in context ``Words``).</extracomment>
        <translation>视频</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Ordinary</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Restricted (privacy)</source>
        <translation>受限（涉及个人隐私）</translation>
    </message>
    <message>
        <source>Commercial secret</source>
        <translation>商业秘密</translation>
    </message>
    <message>
        <source>State secret</source>
        <translation>国家秘密</translation>
    </message>
    <message>
        <source>Recording gap</source>
        <translation>录像中断</translation>
    </message>
    <message>
        <source>Late import</source>
        <translation>超时导入</translation>
    </message>
    <message>
        <source>Damaged file</source>
        <translation>文件损坏</translation>
    </message>
    <message>
        <source>Empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>Time overlap</source>
        <translation>时间重叠</translation>
    </message>
    <message>
        <source>Clock offset</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>重复文件</translation>
    </message>
    <message>
        <source>No enforcement activity</source>
        <translation>未关联执法活动</translation>
    </message>
    <message>
        <source>Missing recording</source>
        <translation>应录未录</translation>
    </message>
    <message>
        <source>camera file name</source>
        <translation>记录仪文件名</translation>
    </message>
    <message>
        <source>media container</source>
        <translation>媒体文件内部时间</translation>
    </message>
    <message>
        <source>file modification time</source>
        <translation>文件修改时间</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已处理</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Cannot open the station</source>
        <extracomment>The read-only actor of ``gui --smoke-test`` (no password, no key slot: it can read but not sign).</extracomment>
        <translation>无法打开工作站</translation>
    </message>
    <message>
        <source>No station here</source>
        <translation>此处没有工作站</translation>
    </message>
    <message>
        <source>No station has been set up in {home}.

An administrator creates one with:
evidence-station --home {home} init --admin NAME</source>
        <translation>{home} 中尚未建立工作站。

请系统管理员用以下命令创建：
evidence-station --home {home} init --admin NAME</translation>
    </message>
    <message>
        <source>Something went wrong: {error}

The details were written to the error output.</source>
        <translation>发生错误：{error}

详细信息已写入错误输出。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
</context>
<context>
    <name>operations</name>
    <message>
        <source>Unexpected error ({kind}): {text}</source>
        <translation>意外错误（{kind}）：{text}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>The operation failed</source>
        <translation>操作失败</translation>
    </message>
</context>
</TS>
