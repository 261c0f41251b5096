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
        <source>Import every recording on a camera card or dump folder: each file is hashed (SHA-256 and SM3), stored write-once in the vault, read back and checked, and catalogued with its device, officer and camera time. Gaps, late imports and clock offsets are reported.</source>
        <translation>导入存储卡或转储文件夹中的全部音视频记录：逐个文件计算哈希值（SHA-256 和 SM3），一次写入存储库，回读校验，并连同设备、执法人员和记录仪时间登记入库。报告记录中断、逾期导入和时钟偏差。</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Browse and search the stored recordings by time, device, officer, activity and classification, with thumbnails and the findings of each import.</source>
        <translation>按时间、设备、执法人员、执法活动和密级浏览、检索已存储的记录，并查看缩略图和每次导入的检查结果。</translation>
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
