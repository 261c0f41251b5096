<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountChanges</name>
    <message>
        <source>New user</source>
        <extracomment>The kinds of account change, translated in context ``AccountChanges``.</extracomment>
        <translation>新建用户</translation>
    </message>
    <message>
        <source>Grant role</source>
        <translation>授予角色</translation>
    </message>
    <message>
        <source>Raise clearance</source>
        <translation>提高密级许可</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>重置密码</translation>
    </message>
    <message>
        <source>Unlock account</source>
        <translation>解锁账户</translation>
    </message>
    <message>
        <source>roles {roles}, clearance {clearance}</source>
        <translation>角色 {roles}，密级许可 {clearance}</translation>
    </message>
    <message>
        <source>clearance {old} → {new}</source>
        <translation>密级许可 {old} → {new}</translation>
    </message>
    <message>
        <source>Waiting for a second person&apos;s confirmation (request #{id}): nothing changes until another administrator or a director confirms it.</source>
        <translation>待第二人确认（申请 #{id}）：在另一位系统管理员或主管局长确认之前，不作任何更改。</translation>
    </message>
    <message>
        <source>Done for {user} — on one person&apos;s say: no second administrator or director could confirm it; a finding was raised.</source>
        <translation>已为“{user}”完成——仅凭一人决定：没有第二位系统管理员或主管局长可以确认，已记录一条问题。</translation>
    </message>
    <message>
        <source>Done: {user} now has roles {roles}, clearance {clearance}.</source>
        <translation>已完成：“{user}”现有角色 {roles}，密级许可 {clearance}。</translation>
    </message>
</context>
<context>
    <name>AccountChangesWidget</name>
    <message>
        <source>Account changes waiting for a second person</source>
        <extracomment>Emitted after a change was confirmed or refused.</extracomment>
        <translation>待第二人确认的账户变更</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Asked for</source>
        <translation>申请内容</translation>
    </message>
    <message>
        <source>Asked by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Asked at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>失效时间</translation>
    </message>
    <message>
        <source>Nothing waits for a second person.</source>
        <translation>没有待第二人确认的账户变更。</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>You may decide a change another administrator asked for — not your own, and not one that concerns you.</source>
        <translation>您可以决定其他管理员提出的变更——不能决定本人提出的变更，也不能决定涉及您本人的变更。</translation>
    </message>
    <message>
        <source>Confirmed request #{id}. {outcome}</source>
        <translation>已确认申请 #{id}。{outcome}</translation>
    </message>
    <message>
        <source>Refuse account change</source>
        <translation>拒绝账户变更</translation>
    </message>
    <message>
        <source>Refuse request #{id} ({change} for {user}): nothing changes.</source>
        <translation>拒绝申请 #{id}（为“{user}”{change}）：不作任何更改。</translation>
    </message>
    <message>
        <source>Refused request #{id}: nothing changed.</source>
        <translation>已拒绝申请 #{id}：未作任何更改。</translation>
    </message>
</context>
<context>
    <name>ActivitiesWidget</name>
    <message>
        <source>Register activity…</source>
        <extracomment>What the tab shows, read together: activities, assignment suggestions, Art. 5 records, and how many ``unassigned`` findings are open (recordings no activity covers have no suggestion, yet still wait), and the Art. 14 complaint and conduct notes.</extracomment>
        <translation>登记执法活动…</translation>
    </message>
    <message>
        <source>Non-recording record (Art. 5)…</source>
        <translation>未记录情况记录（第五条）…</translation>
    </message>
    <message>
        <source>Confirm ticked assignments</source>
        <translation>确认勾选的关联</translation>
    </message>
    <message>
        <source>Confirm as head (Art. 5)</source>
        <translation>负责人确认（第五条）</translation>
    </message>
    <message>
        <source>Save form…</source>
        <translation>保存表格…</translation>
    </message>
    <message>
        <source>Complaint or conduct note (Art. 14)…</source>
        <translation>投诉与执法行为情况记录（第十四条）…</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title / place</source>
        <translation>名称 / 地点</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>音像记录</translation>
    </message>
    <message>
        <source>Art. 5 records</source>
        <translation>第五条记录</translation>
    </message>
    <message>
        <source>Missing recording</source>
        <translation>应录未录</translation>
    </message>
    <message>
        <source>Party notified (Art. 8)</source>
        <translation>已告知当事人（第八条）</translation>
    </message>
    <message>
        <source>Registered afterwards</source>
        <translation>补登记</translation>
    </message>
    <message>
        <source>No enforcement activities in this period. Use Register activity… to record one.</source>
        <translation>此期间没有执法活动。请用“登记执法活动…”登记。</translation>
    </message>
    <message>
        <source>No enforcement activities in this period.</source>
        <translation>此期间没有执法活动。</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Camera start</source>
        <translation>开始（记录仪时间）</translation>
    </message>
    <message>
        <source>Corrected start</source>
        <translation>开始（校正时间）</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>执法活动</translation>
    </message>
    <message>
        <source>Matched by</source>
        <translation>匹配依据</translation>
    </message>
    <message>
        <source>No recordings waiting to be linked to an activity.</source>
        <translation>没有等待关联到执法活动的记录。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Reported to</source>
        <translation>报告对象（负责人）</translation>
    </message>
    <message>
        <source>Confirmed by the head (Art. 5)</source>
        <translation>负责人确认（第五条）</translation>
    </message>
    <message>
        <source>No records of activities without recording (Art. 5).</source>
        <translation>没有未记录情况记录（第五条）。</translation>
    </message>
    <message>
        <source>Bookmark category</source>
        <translation>书签类别</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>No complaint or conduct notes (Art. 14).</source>
        <translation>暂无投诉与执法行为情况记录（第十四条）。</translation>
    </message>
    <message>
        <source>Select an activity to see its checklist (Art. 8, Art. 10).</source>
        <extracomment>the selected activity&apos;s Art. 10 checklist (Art. 8 notification first)</extracomment>
        <translation>选择一项执法活动，查看其记录要素（第八条、第十条）。</translation>
    </message>
    <message>
        <source>Mandatory activities (Art. 4) must have recordings or an Art. 5 record.</source>
        <translation>第四条规定的执法活动必须有音像记录，或有第五条规定的未记录情况记录。</translation>
    </message>
    <message>
        <source>Suggested recordings (by device or officer and corrected time)</source>
        <translation>建议关联的音像记录（按设备或执法人员及校正时间）</translation>
    </message>
    <message>
        <source>Non-recording records (Art. 5)</source>
        <translation>未记录情况记录（第五条）</translation>
    </message>
    <message>
        <source>Complaint and conduct notes (Art. 14)</source>
        <translation>投诉与执法行为情况记录（第十四条）</translation>
    </message>
    <message>
        <source>{user}, {at}</source>
        <translation>{user}，{at}</translation>
    </message>
    <message>
        <source>(late)</source>
        <translation>（超期）</translation>
    </message>
    <message>
        <source>not yet (due {day})</source>
        <translation>尚未确认（期限 {day}）</translation>
    </message>
    <message>
        <source>{count} finding(s) of recordings without an enforcement activity are open, but no registered activity covers those recordings. Register the activity here, or use Link to an activity… on the finding in the Findings tab.</source>
        <translation>有 {count} 个“未关联执法活动”问题尚未处理，但没有已登记的执法活动覆盖这些记录。请在此登记执法活动，或在“发现问题”选项卡中对该问题使用“关联执法活动…”。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>registered afterwards</source>
        <translation>补登记</translation>
    </message>
    <message>
        <source>not marked</source>
        <translation>未标记</translation>
    </message>
    <message>
        <source>Activity #{id} — checklist: {items}</source>
        <translation>执法活动 #{id} — 记录要素：{items}</translation>
    </message>
    <message>
        <source>Registered afterwards (Art. 3/12): registered on {at}, after its footage had been imported.</source>
        <translation>补登记（第三条、第十二条）：于 {at} 登记，晚于其录像的导入。</translation>
    </message>
    <message>
        <source>Save the form</source>
        <translation>保存表格</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ActivityDialog</name>
    <message>
        <source>Register an enforcement activity</source>
        <translation>登记执法活动</translation>
    </message>
    <message>
        <source>Address or premises</source>
        <translation>地址或场所</translation>
    </message>
    <message>
        <source>Officer numbers, separated by commas</source>
        <translation>执法证号，用逗号分隔</translation>
    </message>
    <message>
        <source>Device serials, separated by commas</source>
        <translation>设备编号，用逗号分隔</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Recordings {ids} ({count}) will be linked to this activity.</source>
        <translation>记录 {ids}（共 {count} 条）将关联到此执法活动。</translation>
    </message>
</context>
<context>
    <name>ApproveDialog</name>
    <message>
        <source>{purpose}: {reason}</source>
        <translation>{purpose}：{reason}</translation>
    </message>
    <message>
        <source>Approve request #{number}</source>
        <translation>批准申请 #{number}</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Valid on site at this station only</source>
        <translation>仅限本站现场查阅有效</translation>
    </message>
    <message>
        <source>The request asks for on-site viewing; that cannot be widened.</source>
        <translation>申请即为现场查阅，不能放宽。</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>申请</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
</context>
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
        <source>Read the log again (F5)</source>
        <translation>重新读取日志（F5）</translation>
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
        <source>Check against witness files…</source>
        <translation>用见证文件核对…</translation>
    </message>
    <message>
        <source>Choose signed documents of this station (import receipts, viewing registers, monthly reports, disposal certificates) or evidence disc images: each carries the chain head it was issued at, and a catalogue older than any of them is a problem.</source>
        <translation>选择本工作站签发的签名文件（导入回执、查阅登记、合规月报、销毁证明）或证据光盘映像：每份文件都带有签发时的审计链头，目录若比其中任何一份旧即为问题。</translation>
    </message>
    <message>
        <source>Verify originals</source>
        <translation>校验原始文件</translation>
    </message>
    <message>
        <source>Re-hash every stored original (SHA-256 and SM3) against the catalogue, look for missing, altered, writable or unexpected files in the vault, and check the audit chain.</source>
        <translation>按目录重新计算每个已存原始文件的哈希值（SHA-256 与 SM3），检查存储库中缺失、被改动、可写或多余的文件，并校验审计链。</translation>
    </message>
    <message>
        <source>Quick (sizes only)</source>
        <translation>快速（仅核对大小）</translation>
    </message>
    <message>
        <source>Skip the re-hash: check sizes, permissions and the audit chain only.</source>
        <translation>不重新计算哈希值：仅核对文件大小、权限和审计链。</translation>
    </message>
    <message>
        <source>Only custodians, auditors and administrators may verify the vault.</source>
        <translation>只有保管人、审计人员和系统管理员可以校验存储库。</translation>
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
        <source>Verification</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>事件详情</translation>
    </message>
    <message>
        <source>Reading the audit log…</source>
        <translation>正在读取审计日志……</translation>
    </message>
    <message>
        <source>No event matches the filter. Press Clear to see every event.</source>
        <translation>没有符合筛选条件的事件。点击“清除”可显示全部事件。</translation>
    </message>
    <message>
        <source>The audit log is empty.</source>
        <translation>审计日志为空。</translation>
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
        <source>Checking the sizes of the stored originals…</source>
        <translation>正在核对已存原始文件的大小…</translation>
    </message>
    <message>
        <source>Re-hashing every stored original (SHA-256 and SM3)…</source>
        <translation>正在重新计算每个已存原始文件的哈希值（SHA-256 与 SM3）…</translation>
    </message>
    <message>
        <source>Choose witness files</source>
        <translation>选择见证文件</translation>
    </message>
    <message>
        <source>Signed documents and disc images (*.pdf *.PDF *.iso *.ISO);;All files (*)</source>
        <translation>签名文件和光盘映像 (*.pdf *.PDF *.iso *.ISO);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Verifying the audit chain against {count} witness file(s)…</source>
        <translation>正在用 {count} 份见证文件核对审计链…</translation>
    </message>
    <message>
        <source>Vault OK: {count} originals have their catalogued size; the audit chain is intact.</source>
        <translation>存储库正常：{count} 个原始文件的大小与目录一致；审计链完整。</translation>
    </message>
    <message>
        <source>Vault OK: {count} originals re-hashed, SHA-256 and SM3 match the catalogue; the audit chain is intact.</source>
        <translation>存储库正常：已重新计算 {count} 个原始文件的哈希值，SHA-256 与 SM3 均与目录一致；审计链完整。</translation>
    </message>
    <message>
        <source>The vault has {count} problem(s) ({checked} originals checked):</source>
        <translation>存储库发现 {count} 个问题（已检查 {checked} 个原始文件）：</translation>
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
        <source>Witness {source} ({what}, chain head of {count} events): agrees.</source>
        <translation>见证文件 {source}（{what}，{count} 条事件时的链头）：一致。</translation>
    </message>
    <message>
        <source>Witness {source} ({what}, chain head of {count} events): the catalogue DISAGREES.</source>
        <translation>见证文件 {source}（{what}，{count} 条事件时的链头）：目录与之不符。</translation>
    </message>
    <message>
        <source>Verification did not finish: {message}</source>
        <translation>校验未完成：{message}</translation>
    </message>
</context>
<context>
    <name>BookmarkDialog</name>
    <message>
        <source>Edit bookmark</source>
        <translation>修改书签</translation>
    </message>
    <message>
        <source>Add bookmark</source>
        <translation>添加书签</translation>
    </message>
    <message>
        <source>What can be seen or heard here (optional)</source>
        <translation>此处可见或可听到的内容（可选）</translation>
    </message>
    <message>
        <source>Why the bookmark is changed (kept in its history)</source>
        <translation>修改书签的原因（记入历史）</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Reason for the change</source>
        <translation>修改原因</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>The note is too long: at most {count} characters.</source>
        <translation>备注过长：最多 {count} 个字符。</translation>
    </message>
    <message>
        <source>Give the reason for the change.</source>
        <translation>请填写修改原因。</translation>
    </message>
</context>
<context>
    <name>BookmarkHistoryDialog</name>
    <message>
        <source>History of bookmark {id}</source>
        <translation>书签 {id} 的历史</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>BookmarkPanel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>No bookmarks yet. Press B (or Bookmark) while watching to mark a moment.</source>
        <translation>尚无标记。观看时按 B（或点“标记”）即可标记当前时刻。</translation>
    </message>
    <message>
        <source>Show withdrawn</source>
        <translation>显示已撤销</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>History…</source>
        <translation>历史…</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>{offset} into recording {where}
by {author}</source>
        <translation>录像 {where} 的 {offset} 处
标记人 {author}</translation>
    </message>
    <message>
        <source>Withdrawn (kept with its history)</source>
        <translation>已撤销（连同历史保留）</translation>
    </message>
    <message>
        <source>{category} at {offset}: {note}</source>
        <translation>{offset} 处的{category}：{note}</translation>
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
        <source>Already stored</source>
        <translation>已存储</translation>
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
        <source>stored by import #{number}; checked again by SHA-256</source>
        <translation>已由导入 #{number} 存储；导入时仍按 SHA-256 核对</translation>
    </message>
    <message>
        <source>Why skipped</source>
        <translation>跳过原因</translation>
    </message>
</context>
<context>
    <name>CardWipeBar</name>
    <message>
        <source>Wipe the card…</source>
        <extracomment>How each outcome of a wiped file is grouped in the result: deleted, kept (never imported), refused. Emitted on the GUI thread when a wipe ended (with its CardWipeResult): the receipt is new.</extracomment>
        <translation>清除存储卡…</translation>
    </message>
    <message>
        <source>Delete from the card exactly the files this import stored, each after the station has checked it against the stored original; nothing else is deleted.</source>
        <translation>只删除本次导入已入库的存储卡文件，每个文件须经工作站与库内原件核对一致后才删除；其他文件一概不删。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Wipe the card</source>
        <translation>清除存储卡</translation>
    </message>
    <message>
        <source>Delete from the card at {card} the files import #{number} stored?

Each file is read again and deleted only when the station confirms it equals the stored original. Files that were not imported, and any that differ, stay on the card. The wipe is audited and printed on the receipt.</source>
        <translation>是否从 {card} 的存储卡上删除第 {number} 号导入已入库的文件？

每个文件都会重新读取，只有工作站确认其与库内原件一致后才删除。未导入的文件以及与原件不符的文件保留在存储卡上。清除过程记入审计日志，并打印在回执上。</translation>
    </message>
    <message>
        <source>Wiping the card…</source>
        <translation>正在清除存储卡…</translation>
    </message>
    <message>
        <source>Cancelling… the file being checked is finished first.</source>
        <translation>正在取消…… 正在核对的文件将先处理完。</translation>
    </message>
    <message>
        <source>Checking {path} ({done} of {total})…</source>
        <translation>正在核对 {path}（第 {done} 个，共 {total} 个）…</translation>
    </message>
    <message>
        <source>The card was not wiped: {message}</source>
        <translation>存储卡未清除：{message}</translation>
    </message>
    <message>
        <source>Card wiped.</source>
        <translation>存储卡已清除。</translation>
    </message>
    <message>
        <source>The card was not wiped completely.</source>
        <translation>存储卡未清除完毕。</translation>
    </message>
    <message>
        <source>{head} Deleted {deleted} · kept {kept} · refused {refused}. The receipt now prints the wipe.</source>
        <translation>{head}已删除 {deleted} 个 · 保留 {kept} 个 · 拒绝删除 {refused} 个。回执现已载明本次清除。</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒绝删除</translation>
    </message>
</context>
<context>
    <name>CasesPage</name>
    <message>
        <source>Open</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已结案</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Number</source>
        <extracomment>Column name → English header (translated in context ``CasesPage``).</extracomment>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>案件名称</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Exports</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
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
        <source>Camera time</source>
        <translation>拍摄时间</translation>
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
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Producer</source>
        <translation>制作人</translation>
    </message>
    <message>
        <source>Extractor</source>
        <translation>提取人</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>介质</translation>
    </message>
    <message>
        <source>Discs</source>
        <translation>光盘数</translation>
    </message>
    <message>
        <source>Disc register (附卷)</source>
        <translation>光盘登记（附卷）</translation>
    </message>
    <message>
        <source>This closed case has no recordings.</source>
        <translation>此案件已结案，没有关联记录。</translation>
    </message>
    <message>
        <source>No recordings attached yet — use Attach recordings… to add them from the library.</source>
        <translation>尚未关联记录——请用“关联记录…”从资料库添加。</translation>
    </message>
    <message>
        <source>No recordings attached yet.</source>
        <translation>尚未关联记录。</translation>
    </message>
    <message>
        <source>No evidence disc made for this case yet. Export evidence disc… makes one and verifies it.</source>
        <translation>此案件尚未制作证据光盘。“导出证据光盘…”可制作光盘并核验。</translation>
    </message>
    <message>
        <source>No evidence disc made for this case yet; attach recordings first, then use Export evidence disc….</source>
        <translation>此案件尚未制作证据光盘；请先关联记录，再用“导出证据光盘…”。</translation>
    </message>
    <message>
        <source>No evidence disc made for this case yet (only a clerk (文书) may make one).</source>
        <translation>此案件尚未制作证据光盘（只有文书可以制作）。</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Image SHA-256</source>
        <translation>映像 SHA-256</translation>
    </message>
    <message>
        <source>New case…</source>
        <translation>新建案件…</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>办理中的案件</translation>
    </message>
    <message>
        <source>Closed cases</source>
        <translation>已结案的案件</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Select a case to see its recordings and exports.</source>
        <translation>选择一个案件以查看其记录和导出。</translation>
    </message>
    <message>
        <source>Attach recordings…</source>
        <translation>关联记录…</translation>
    </message>
    <message>
        <source>Detach selected</source>
        <translation>解除所选关联</translation>
    </message>
    <message>
        <source>Close case…</source>
        <translation>结案…</translation>
    </message>
    <message>
        <source>Export evidence disc…</source>
        <translation>导出证据光盘…</translation>
    </message>
    <message>
        <source>Show provenance sheet…</source>
        <translation>查看提取说明…</translation>
    </message>
    <message>
        <source>Exports (evidence discs) and their verification</source>
        <translation>导出（证据光盘）及核验结果</translation>
    </message>
    <message>
        <source>Recordings in the case</source>
        <translation>案件中的记录</translation>
    </message>
    <message>
        <source>Your roles do not allow managing cases.</source>
        <translation>您的角色无权管理案件。</translation>
    </message>
    <message>
        <source>{what}: {message}</source>
        <translation>{what}：{message}</translation>
    </message>
    <message>
        <source>The cases could not be listed</source>
        <translation>无法列出案件</translation>
    </message>
    <message>
        <source>The case could not be shown</source>
        <translation>无法显示该案件</translation>
    </message>
    <message>
        <source>No open cases.</source>
        <translation>没有办理中的案件。</translation>
    </message>
    <message>
        <source>No closed cases.</source>
        <translation>没有已结案的案件。</translation>
    </message>
    <message>
        <source>No cases yet. Use New case… to open one, then attach its recordings.</source>
        <translation>尚无案件。请用“新建案件…”立案，再关联记录。</translation>
    </message>
    <message>
        <source>No cases yet.</source>
        <translation>尚无案件。</translation>
    </message>
    <message>
        <source>Parties: {parties}</source>
        <translation>当事人：{parties}</translation>
    </message>
    <message>
        <source>Opened {when} by {user}.</source>
        <translation>由 {user} 于 {when} 立案。</translation>
    </message>
    <message>
        <source>permanently</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Closed {when}; kept until {until} ({retention}).</source>
        <translation>于 {when} 结案；保存至 {until}（{retention}）。</translation>
    </message>
    <message>
        <source>✔ verified</source>
        <translation>✔ 核验通过</translation>
    </message>
    <message>
        <source>✘ FAILED</source>
        <translation>✘ 核验失败</translation>
    </message>
    <message>
        <source>The case is closed.</source>
        <translation>该案件已结案。</translation>
    </message>
    <message>
        <source>Only a clerk (文书) may export evidence discs.</source>
        <translation>只有文书可以导出证据光盘。</translation>
    </message>
    <message>
        <source>Attach recordings to the case first.</source>
        <translation>请先为案件关联记录。</translation>
    </message>
    <message>
        <source>Make the evidence disc: originals, signed manifest, checksums and the signed provenance sheet, burned and verified.</source>
        <translation>制作证据光盘：原始文件、签名清单、校验值和签名的提取说明，刻录并核验。</translation>
    </message>
    <message>
        <source>The case was not created</source>
        <translation>案件未创建</translation>
    </message>
    <message>
        <source>Case {number} was created.</source>
        <translation>案件 {number} 已创建。</translation>
    </message>
    <message>
        <source>The recordings were not attached</source>
        <translation>记录未关联</translation>
    </message>
    <message>
        <source>{count} recording(s) attached to case {number}.</source>
        <translation>已将 {count} 条记录关联到案件 {number}。</translation>
    </message>
    <message>
        <source>The recordings were not detached</source>
        <translation>记录未解除关联</translation>
    </message>
    <message>
        <source>{count} recording(s) detached from case {number}.</source>
        <translation>已从案件 {number} 解除 {count} 条记录的关联。</translation>
    </message>
    <message>
        <source>The case was not closed</source>
        <translation>案件未结案</translation>
    </message>
    <message>
        <source>Case {number} was closed.</source>
        <translation>案件 {number} 已结案。</translation>
    </message>
    <message>
        <source>The disc image of export #{id} is no longer here; its sheet is on the disc.</source>
        <translation>导出 #{id} 的光盘映像已不在此处；提取说明在光盘上。</translation>
    </message>
    <message>
        <source>Provenance sheet of export #{id}</source>
        <translation>导出 #{id} 的提取说明</translation>
    </message>
</context>
<context>
    <name>ClassifyDialog</name>
    <message>
        <source>Set classification</source>
        <translation>设置密级</translation>
    </message>
    <message>
        <source>Reason for the change (required)</source>
        <translation>变更理由（必填）</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Raising the class ends grants approved under the lower class.</source>
        <translation>提高密级后，按原较低密级批准的查阅授权随即失效。</translation>
    </message>
</context>
<context>
    <name>CloseCaseDialog</name>
    <message>
        <source>30 years</source>
        <translation>30 年</translation>
    </message>
    <message>
        <source>10 years</source>
        <translation>10 年</translation>
    </message>
    <message>
        <source>Permanently</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>Another number of years</source>
        <translation>其他年限</translation>
    </message>
    <message>
        <source>Close case {number}</source>
        <translation>结案：{number}</translation>
    </message>
    <message>
        <source> years</source>
        <translation> 年</translation>
    </message>
    <message>
        <source>Closing fixes how long case {number} and its {count} recording(s) are kept (at least one year, Art. 16). A closed case takes no more recordings.</source>
        <translation>结案时确定案件 {number} 及其 {count} 条记录的保存期限（至少一年，第十六条）。结案后不能再关联记录。</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保存期限</translation>
    </message>
</context>
<context>
    <name>CompliancePage</name>
    <message>
        <source>Overview</source>
        <extracomment>Tab keys in display order.</extracomment>
        <translation>概览</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Activities</source>
        <translation>执法活动</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Retention</source>
        <translation>保存期限</translation>
    </message>
</context>
<context>
    <name>ComplianceWords</name>
    <message>
        <source>In service</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Under repair</source>
        <translation>维修中</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Maintenance</source>
        <translation>维护保养</translation>
    </message>
    <message>
        <source>Damage</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>维修</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>状态变更</translation>
    </message>
    <message>
        <source>Likely to cause a dispute (Art. 4 (1))</source>
        <translation>易引起行政争议，可能引起复议、诉讼、投诉或上访（第四条第一项）</translation>
    </message>
    <message>
        <source>Obstruction of enforcement (Art. 4 (2))</source>
        <translation>阻碍执法或妨害公务（第四条第二项）</translation>
    </message>
    <message>
        <source>Major emergency or mass incident (Art. 4 (3))</source>
        <translation>处置重大突发事件、群体性事件（第四条第三项）</translation>
    </message>
    <message>
        <source>Major or complex case (Art. 4 (4))</source>
        <translation>案情重大复杂、需音像记录保存证据（第四条第四项）</translation>
    </message>
    <message>
        <source>Sealing or seizure (Art. 4 (5))</source>
        <translation>查封场所、设施或财物，扣押财物（第四条第五项）</translation>
    </message>
    <message>
        <source>Recording required by law (Art. 4 (6))</source>
        <translation>法律、法规、规章规定应当音像记录（第四条第六项）</translation>
    </message>
    <message>
        <source>Ordinary inspection</source>
        <translation>日常检查</translation>
    </message>
    <message>
        <source>Explosion hazard without explosion-proof camera</source>
        <translation>爆炸危险区域未配备防爆音像记录设备</translation>
    </message>
    <message>
        <source>State or commercial secret, or privacy</source>
        <translation>涉及国家秘密、商业秘密或者个人隐私</translation>
    </message>
    <message>
        <source>Emergency, no time to record</source>
        <translation>情况紧急，不能进行执法记录</translation>
    </message>
    <message>
        <source>Objectively impossible to record</source>
        <translation>因客观原因无法进行执法记录</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>Appearance, language or conduct seen</source>
        <translation>执法仪容、语言行为情况</translation>
    </message>
    <message>
        <source>Equipment fault or damage</source>
        <translation>设备故障、损坏</translation>
    </message>
    <message>
        <source>Battery low</source>
        <translation>电量不足</translation>
    </message>
    <message>
        <source>Storage full</source>
        <translation>存储空间不足</translation>
    </message>
    <message>
        <source>Bad weather</source>
        <translation>天气情况恶劣</translation>
    </message>
    <message>
        <source>Change of inspection place</source>
        <translation>检查场所变化</translation>
    </message>
    <message>
        <source>Other reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <source>Continuous work</source>
        <translation>连续工作</translation>
    </message>
    <message>
        <source>Work away from the unit</source>
        <translation>异地工作</translation>
    </message>
    <message>
        <source>Enforcement in a remote area</source>
        <translation>在边远、交通不便地区执法</translation>
    </message>
    <message>
        <source>Other reason (no Art. 15 exemption)</source>
        <translation>其他原因（不属于第十五条豁免情形）</translation>
    </message>
    <message>
        <source>device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Your roles do not allow managing devices.</source>
        <translation>您的角色无权管理设备。</translation>
    </message>
    <message>
        <source>Your roles do not allow managing enforcement activities.</source>
        <translation>您的角色无权管理执法活动。</translation>
    </message>
    <message>
        <source>Your roles do not allow resolving findings.</source>
        <translation>您的角色无权处理问题。</translation>
    </message>
    <message>
        <source>Only the head of the enforcement body (director) confirms non-recording records.</source>
        <translation>只有执法机构负责人（主管局长）可以确认不进行现场记录的工作记录。</translation>
    </message>
    <message>
        <source>Your roles do not allow recording complaint or conduct notes.</source>
        <translation>您的角色无权登记投诉与执法行为情况。</translation>
    </message>
    <message>
        <source>Your roles do not allow reading findings.</source>
        <translation>您的角色无权查看问题。</translation>
    </message>
</context>
<context>
    <name>ConductNoteDialog</name>
    <message>
        <source>Complaint or conduct note (Art. 14)</source>
        <translation>投诉与执法行为情况记录（第十四条）</translation>
    </message>
    <message>
        <source>No registered activity</source>
        <translation>无已登记的执法活动</translation>
    </message>
    <message>
        <source>No bookmark category</source>
        <translation>不对应书签类别</translation>
    </message>
    <message>
        <source>What was complained of, or what was seen</source>
        <translation>投诉内容，或所见情况</translation>
    </message>
    <message>
        <source>Who complained, or who saw it</source>
        <translation>投诉人，或发现人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>执法活动</translation>
    </message>
    <message>
        <source>Bookmark category</source>
        <translation>书签类别</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message>
        <source>Refresh</source>
        <extracomment>How many weeks of imports the chart shows, and after how many days without import a device is listed. How many days ahead the retention line counts recordings becoming due for disposal. At most this many finding cards side by side; more go in further rows (the page must fit a 1366-pixel screen: seven kinds&apos; cards side by side needed 1312 px in English). A finding-kind card was clicked: show that kind&apos;s open findings. The figures were (re)loaded.</extracomment>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Monthly report…</source>
        <translation>合规月报…</translation>
    </message>
    <message>
        <source>Write the month&apos;s signed compliance report (PDF).</source>
        <translation>生成所选月份经签名的合规月报（PDF）。</translation>
    </message>
    <message>
        <source>Timeline day</source>
        <translation>时间轴日期</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Open findings</source>
        <translation>未处理的问题</translation>
    </message>
    <message>
        <source>Show these findings</source>
        <translation>查看这些问题</translation>
    </message>
    <message>
        <source>Recordings and gaps per device (camera time; pale: corrected time)</source>
        <translation>各设备的音像记录与中断（记录仪时间；浅色：校正时间）</translation>
    </message>
    <message>
        <source>Devices not docked for {days} days</source>
        <translation>超过 {days} 天未导入的设备</translation>
    </message>
    <message>
        <source>Activities missing recordings (Art. 4)</source>
        <translation>应录未录的执法活动（第四条）</translation>
    </message>
    <message>
        <source>Recording days without a pre-use check (Art. 7)</source>
        <translation>未做使用前检查的记录日（第七条）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Computing the compliance overview…</source>
        <translation>正在计算合规概览…</translation>
    </message>
    <message>
        <source>{count} recording(s) become due for disposal in the next {days} days ({now} due now, {pending} proposal(s) pending) — see the Retention tab.</source>
        <translation>未来 {days} 天内有 {count} 条记录保存期满，可申请销毁（已到期 {now} 条，待审批销毁申请 {pending} 件）——详见“保存期限”标签页。</translation>
    </message>
    <message>
        <source>As of {time}</source>
        <translation>截至 {time}</translation>
    </message>
    <message>
        <source>{device} ({holder}): never imported</source>
        <translation>{device}（{holder}）：从未导入</translation>
    </message>
    <message>
        <source>{device} ({holder}): last import {time}, {days} days ago</source>
        <translation>{device}（{holder}）：最近导入 {time}，{days} 天前</translation>
    </message>
    <message>
        <source>#{id} {place}, {start}</source>
        <translation>#{id} {place}，{start}</translation>
    </message>
    <message>
        <source>{device} on {day}: {count} recording(s)</source>
        <translation>{device} {day}：{count} 个记录</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Save the monthly report</source>
        <translation>保存合规月报</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the signed monthly report…</source>
        <translation>正在生成并签名合规月报…</translation>
    </message>
    <message>
        <source>The signed report was written to {path}.
SHA-256: {sha256}

Open it now?</source>
        <translation>已签名的月报已保存到 {path}。
SHA-256：{sha256}

现在打开吗？</translation>
    </message>
    <message>
        <source>Monthly report</source>
        <translation>合规月报</translation>
    </message>
</context>
<context>
    <name>DayTimelineWidget</name>
    <message>
        <source>No recordings on this day.</source>
        <translation>当天没有音像记录。</translation>
    </message>
    <message>
        <source>No pre-use check (Art. 7) on this day.</source>
        <translation>当天未做使用前检查（第七条）。</translation>
    </message>
    <message>
        <source>Recording {id}: {start} – {end} (camera time); corrected {cstart} – {cend}</source>
        <translation>记录 {id}：{start} – {end}（记录仪时间）；校正后 {cstart} – {cend}</translation>
    </message>
    <message>
        <source>explained</source>
        <translation>已说明</translation>
    </message>
    <message>
        <source>not explained</source>
        <translation>未说明</translation>
    </message>
    <message>
        <source>Gap (finding {id}): {start} – {end}, {seconds} s, {state}</source>
        <translation>中断（问题 {id}）：{start} – {end}，{seconds} 秒，{state}</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <source>Register a device</source>
        <translation>登记设备</translation>
    </message>
    <message>
        <source>Device {serial}</source>
        <translation>设备 {serial}</translation>
    </message>
    <message>
        <source>As in the camera&apos;s file names</source>
        <translation>与记录仪文件名中的编号一致</translation>
    </message>
    <message>
        <source>Default: the group&apos;s responsible person</source>
        <translation>默认：本组负责人</translation>
    </message>
    <message>
        <source>Officer number or name</source>
        <translation>执法证号或姓名</translation>
    </message>
    <message>
        <source>Why the status changes (written to the log)</source>
        <translation>状态变更原因（记入设备日志）</translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>使用人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>DeviceLogDialog</name>
    <message>
        <source>Log entry for {serial}</source>
        <translation>设备 {serial} 的日志</translation>
    </message>
    <message>
        <source>What was done or found</source>
        <translation>所做的工作或发现的情况</translation>
    </message>
    <message>
        <source>Unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
</context>
<context>
    <name>DeviceTimelineWidget</name>
    <message>
        <source>Locked {label}</source>
        <translation>未授权 {label}</translation>
    </message>
    <message>
        <source>Locked: you have no live viewing approval for this recording.</source>
        <translation>已锁定：您没有此录像的有效调阅审批。</translation>
    </message>
</context>
<context>
    <name>DevicesWidget</name>
    <message>
        <source>Register device…</source>
        <extracomment>A device, log entry or check was saved.</extracomment>
        <translation>登记设备…</translation>
    </message>
    <message>
        <source>Edit device…</source>
        <translation>修改设备…</translation>
    </message>
    <message>
        <source>Add log entry…</source>
        <translation>添加日志…</translation>
    </message>
    <message>
        <source>Add pre-use check…</source>
        <translation>添加使用前检查…</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组别</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Issued to</source>
        <translation>使用人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last import</source>
        <translation>最近导入</translation>
    </message>
    <message>
        <source>Clock offset</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>No cameras registered yet. Use Register device… or import a card: its camera is registered on the way.</source>
        <translation>尚未登记执法记录仪。请用“登记设备…”，或导入存储卡（导入时自动登记其设备）。</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>By</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Nothing logged for this camera.</source>
        <translation>此设备尚无日志。</translation>
    </message>
    <message>
        <source>Checked at</source>
        <translation>检查时间</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Clock set</source>
        <translation>已校时</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>No pre-use checks recorded for this camera.</source>
        <translation>此设备尚无使用前检查记录。</translation>
    </message>
    <message>
        <source>Pre-use checks</source>
        <translation>使用前检查</translation>
    </message>
    <message>
        <source>Clock offset history</source>
        <translation>时钟偏差历史</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>设备日志</translation>
    </message>
    <message>
        <source>Registry data incomplete: give the model, group and responsible person.</source>
        <translation>登记信息不完整：请填写型号、组别和负责人。</translation>
    </message>
    <message>
        <source>{count} device(s) need their registry data completed.</source>
        <translation>{count} 台设备的登记信息需要补全。</translation>
    </message>
    <message>
        <source>Select a device to see its checks, clock offsets and log.</source>
        <translation>选择设备以查看其检查、时钟偏差和日志。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{serial}&lt;/b&gt; — {status}; {recordings} recording(s); registered {created}; clock offset in force: {offset}</source>
        <translation>&lt;b&gt;{serial}&lt;/b&gt; — {status}；{recordings} 个记录；登记于 {created}；当前时钟偏差：{offset}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Drift: needs clock checks on at least two different days.</source>
        <translation>漂移：至少需要两个不同日期的时钟检查。</translation>
    </message>
    <message>
        <source>Drift: {drift} s per day (threshold ±{threshold} s)</source>
        <translation>漂移：每天 {drift} 秒（阈值 ±{threshold} 秒）</translation>
    </message>
</context>
<context>
    <name>DiscRegisterPanel</name>
    <message>
        <source>Disc</source>
        <extracomment>Column name → English header (translated in context ``DiscRegisterPanel``).</extracomment>
        <translation>光盘</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Volume id</source>
        <translation>卷标</translation>
    </message>
    <message>
        <source>Copies</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Secrecy period</source>
        <translation>保密期限</translation>
    </message>
    <message>
        <source>Where the copies are</source>
        <translation>各份去向</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Image SHA-256</source>
        <translation>映像 SHA-256</translation>
    </message>
    <message>
        <source>Case file (附卷)</source>
        <translation>附卷（案卷）</translation>
    </message>
    <message>
        <source>Court</source>
        <translation>法院</translation>
    </message>
    <message>
        <source>Other agency</source>
        <translation>其他机关</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>copy {number}: {kind} {destination} ({receiver})</source>
        <translation>第 {number} 份：{kind} {destination}（{receiver}）</translation>
    </message>
    <message>
        <source>copy {number}: held by {holder}</source>
        <translation>第 {number} 份：由 {holder} 持有</translation>
    </message>
    <message>
        <source>copy {number}: not yet moved</source>
        <translation>第 {number} 份：尚未移交</translation>
    </message>
    <message>
        <source>The disc register could not be read: {message}</source>
        <translation>无法读取光盘登记：{message}</translation>
    </message>
    <message>
        <source>Confirm copies and holders…</source>
        <translation>确认份数与持有人…</translation>
    </message>
    <message>
        <source>Record transfer…</source>
        <translation>登记移交…</translation>
    </message>
    <message>
        <source>Print label…</source>
        <translation>打印标签…</translation>
    </message>
    <message>
        <source>Save label…</source>
        <translation>保存标签…</translation>
    </message>
    <message>
        <source>by {user}</source>
        <translation>已由 {user} 确认</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待确认</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>{index} of {count}</source>
        <translation>第 {index} 张，共 {count} 张</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>未填写</translation>
    </message>
    <message>
        <source>Only a clerk (文书) keeps the disc register.</source>
        <translation>只有文书可以登记光盘。</translation>
    </message>
    <message>
        <source>The discs were not registered: {message}</source>
        <translation>光盘未登记：{message}</translation>
    </message>
    <message>
        <source>The {count} disc(s) of export #{id} are registered with {copies} copies each.</source>
        <translation>导出 #{id} 的 {count} 张光盘已登记，每张 {copies} 份。</translation>
    </message>
    <message>
        <source>The transfer was not recorded: {message}</source>
        <translation>移交未登记：{message}</translation>
    </message>
    <message>
        <source>Recorded: {where}.</source>
        <translation>已登记：{where}。</translation>
    </message>
    <message>
        <source>No label yet: {message}</source>
        <translation>暂无标签：{message}</translation>
    </message>
    <message>
        <source>Save the disc label</source>
        <translation>保存光盘标签</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The label was not saved: {message}</source>
        <translation>标签未保存：{message}</translation>
    </message>
    <message>
        <source>Label saved to {path}.</source>
        <translation>标签已保存到 {path}。</translation>
    </message>
    <message>
        <source>The label cannot be printed: {message}</source>
        <translation>无法打印标签：{message}</translation>
    </message>
    <message>
        <source>Print the disc label</source>
        <translation>打印光盘标签</translation>
    </message>
    <message>
        <source>Printing failed: {message}</source>
        <translation>打印失败：{message}</translation>
    </message>
    <message>
        <source>The label was sent to the printer.</source>
        <translation>标签已发送到打印机。</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <source>Copying originals and writing the signed files</source>
        <extracomment>The rows of the run page, in the order an export goes through them (English, translated in context ``ExportWizard``): at the station, then at this desk.</extracomment>
        <translation>复制原始文件并写入签名文件</translation>
    </message>
    <message>
        <source>Building the disc image</source>
        <translation>生成光盘映像</translation>
    </message>
    <message>
        <source>Burning the disc</source>
        <translation>刻录光盘</translation>
    </message>
    <message>
        <source>Verifying against the manifest</source>
        <translation>按清单核验</translation>
    </message>
    <message>
        <source>Writing the image at this desk</source>
        <translation>在本机写入光盘映像</translation>
    </message>
    <message>
        <source>Reading the disc back and verifying it</source>
        <translation>回读光盘并核验</translation>
    </message>
    <message>
        <source>ID</source>
        <extracomment>Column name → English header (translated in context ``ExportWizard``).</extracomment>
        <translation>编号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
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
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Disc</source>
        <extracomment>Column name → English header (translated in context ``ExportWizard``).</extracomment>
        <translation>光盘</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>映像</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Volume ID</source>
        <translation>卷标</translation>
    </message>
    <message>
        <source>Burned to</source>
        <translation>刻录到</translation>
    </message>
    <message>
        <source>Verified</source>
        <translation>核验</translation>
    </message>
    <message>
        <source>Export case {number}</source>
        <translation>导出案件 {number}</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出……</translation>
    </message>
    <message>
        <source>Cancelling… removing what was written.</source>
        <translation>正在取消……删除已写入的文件。</translation>
    </message>
</context>
<context>
    <name>FindingsWidget</name>
    <message>
        <source>Any kind</source>
        <extracomment>The findings tab&apos;s read: the findings shown, how many match, and which open gaps are Art. 11 breaches. Kinds closed through their own route, not a note.</extracomment>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Explain gap…</source>
        <translation>说明中断…</translation>
    </message>
    <message>
        <source>Late-import reason…</source>
        <translation>超时导入原因…</translation>
    </message>
    <message>
        <source>Resolve with a note…</source>
        <translation>填写处理意见…</translation>
    </message>
    <message>
        <source>Link to an activity…</source>
        <translation>关联执法活动…</translation>
    </message>
    <message>
        <source>Register the enforcement activity these recordings belong to (time, devices and officers filled in from them) and link them.</source>
        <translation>登记这些记录所属的执法活动（时间、记录仪和执法人员已按记录填好），并将记录关联到该活动。</translation>
    </message>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>音像记录</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>No findings: the imported recordings show no gaps, overlaps or clock problems.</source>
        <translation>没有发现问题：已导入的记录没有中断、重叠或时钟问题。</translation>
    </message>
    <message>
        <source>Reading the findings…</source>
        <translation>正在读取问题……</translation>
    </message>
    <message>
        <source>Showing the newest {shown} of {total} findings.</source>
        <translation>共 {total} 个问题，仅显示最新的 {shown} 个。</translation>
    </message>
    <message>
        <source>{count} finding(s)</source>
        <translation>{count} 个问题</translation>
    </message>
    <message>
        <source>A missing recording is settled in the Activities tab: assign the activity&apos;s recordings or add its Art. 5 non-recording record.</source>
        <translation>应录未录问题在“执法活动”页处理：关联该活动的音像记录，或添加第五条规定的未记录情况记录。</translation>
    </message>
    <message>
        <source>This gap was explained without a spoken explanation on resuming and stays open as an Art. 11 breach; a director decides with Resolve with a note….</source>
        <translation>该中断已作说明，但恢复录制时未作语音说明，作为违反第十一条的问题保持未处理；须由主管局长通过“填写处理意见…”作出决定。</translation>
    </message>
    <message>
        <source>This gap stays open as an Art. 11 breach (no spoken explanation on resuming): close it with your decision through Resolve with a note….</source>
        <translation>该中断作为违反第十一条的问题保持未处理（恢复录制时未作语音说明）：请通过“填写处理意见…”作出决定并关闭。</translation>
    </message>
    <message>
        <source>Use Link to an activity… to register the activity these recordings belong to; they are linked to it and the finding closes.</source>
        <translation>请用“关联执法活动…”登记这些记录所属的执法活动；记录随即关联到该活动，此问题即关闭。</translation>
    </message>
</context>
<context>
    <name>GapExplanationDialog</name>
    <message>
        <source>Explain gap {id}</source>
        <translation>说明中断 {id}</translation>
    </message>
    <message>
        <source>What happened (required for &apos;Other reason&apos;)</source>
        <translation>经过情况（选择“其他原因”时必填）</translation>
    </message>
    <message>
        <source>The officer explained the interruption by voice when resuming</source>
        <translation>执法人员恢复记录时已语音说明中断原因</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Reason (Art. 11)</source>
        <translation>原因（第十一条）</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Spoken in recording</source>
        <translation>语音说明所在记录</translation>
    </message>
    <message>
        <source>At (from its start)</source>
        <translation>位置（距记录开始）</translation>
    </message>
    <message>
        <source>Whom the interruption was reported to</source>
        <translation>中断情况向谁报告</translation>
    </message>
    <message>
        <source>No written statement</source>
        <translation>无书面说明</translation>
    </message>
    <message>
        <source>Choose written statement…</source>
        <translation>选择书面说明…</translation>
    </message>
    <message>
        <source>Reported to</source>
        <translation>报告对象（负责人）</translation>
    </message>
    <message>
        <source>Reported at</source>
        <translation>报告时间</translation>
    </message>
    <message>
        <source>Written statement</source>
        <translation>书面说明</translation>
    </message>
</context>
<context>
    <name>GrantRecordingsWindow</name>
    <message>
        <source>Recordings of grant #{id}</source>
        <extracomment>At most this many cameras side by side (the synchronised view&apos;s limit). Opens the player (one id) or the synchronised view (two to four) under a grant; None when refused.</extracomment>
        <translation>审批 #{id} 的录像</translation>
    </message>
    <message>
        <source>Double-click a recording to play it. Tick recordings of two to four cameras to watch them side by side, synchronised by time; ticked recordings of one camera play one after the other on one timeline.</source>
        <translation>双击一段录像即可播放。勾选二至四台记录仪的录像可按时间同步并排查看；勾选的同一台记录仪的录像在同一条时间轴上依次连续播放。</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Recording start</source>
        <translation>拍摄开始</translation>
    </message>
    <message>
        <source>(not visible to you)</source>
        <translation>（您无权查看）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Watch side by side</source>
        <translation>同步并排查看</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>At most {max} cameras side by side: untick the recordings of {extra}.</source>
        <translation>最多并排查看 {max} 台记录仪的录像：请取消勾选其中 {extra} 台记录仪的录像。</translation>
    </message>
</context>
<context>
    <name>GrantsWidget</name>
    <message>
        <source>Watch</source>
        <extracomment>How often the list is read again (time left, grants that ended or were revoked). The player window was opened (the widget ``open_player`` returned). Approvals not seen before were shown (the new-approval counts go down).</extracomment>
        <translation>观看</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>You hold no valid approval. When a director approves one of your requests it appears here, and Watch opens the player.</source>
        <translation>您没有有效的批准。主管局长批准您的申请后会显示在这里，点“观看”即可打开播放器。</translation>
    </message>
    <message>
        <source>{count} live approvals.</source>
        <translation>有效授权 {count} 项。</translation>
    </message>
    <message>
        <source>Your roles do not allow watching footage.</source>
        <translation>您的角色无权观看音像。</translation>
    </message>
    <message>
        <source>Select a grant to watch its recordings.</source>
        <translation>请选择一项授权以观看其记录。</translation>
    </message>
    <message>
        <source>This approval is for providing or exporting copies, not for watching.</source>
        <translation>此项批准用于对外提供或导出副本，不用于观看。</translation>
    </message>
    <message>
        <source>The player is not part of this version of the station yet.</source>
        <translation>本版本工作站尚未包含播放器。</translation>
    </message>
</context>
<context>
    <name>HandoverForm</name>
    <message>
        <source>Record the hand-over (who handed the card over)</source>
        <translation>登记交接（由谁移交存储卡）</translation>
    </message>
    <message>
        <source>The import receipt becomes the two-party hand-over record (交接记录).</source>
        <translation>导入回执将成为双方签字的交接记录。</translation>
    </message>
    <message>
        <source>Officer with a station account (types their own password)</source>
        <translation>有工作站账户的执法人员（输入本人口令确认）</translation>
    </message>
    <message>
        <source>Person without an account (signs the printed record)</source>
        <translation>无账户人员（在打印的交接记录上签名）</translation>
    </message>
    <message>
        <source>the officer&apos;s user name</source>
        <translation>执法人员的账户名</translation>
    </message>
    <message>
        <source>typed by the officer</source>
        <translation>由执法人员本人输入</translation>
    </message>
    <message>
        <source>Officer&apos;s account:</source>
        <translation>移交人账户：</translation>
    </message>
    <message>
        <source>Officer&apos;s password:</source>
        <translation>移交人口令：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Certificate number:</source>
        <translation>执法证号：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>执法记录仪：</translation>
    </message>
    <message>
        <source>Handed over at:</source>
        <translation>交接时间：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>the camera&apos;s serial number</source>
        <translation>执法记录仪编号</translation>
    </message>
</context>
<context>
    <name>HoldDialog</name>
    <message>
        <source>Place a legal hold</source>
        <translation>设置保全</translation>
    </message>
    <message>
        <source>A held recording cannot be proposed or disposed of until the hold is released.</source>
        <translation>保全期间，该记录不得申请销毁或被销毁，直至解除保全。</translation>
    </message>
    <message>
        <source>Recording ids, separated by commas</source>
        <translation>记录编号，以逗号分隔</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>{text} is not a recording id.</source>
        <translation>{text} 不是有效的记录编号。</translation>
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
        <source>{count} files, {size} to import; {stored} already stored; {skipped} will be skipped.</source>
        <translation>待导入 {count} 个文件，共 {size}；已存储 {stored} 个；将跳过 {skipped} 个。</translation>
    </message>
    <message>
        <source>The vault disk has {free} free, but this card needs about {needed} (plus {spare} kept spare). The import would be refused: free some space first.</source>
        <translation>存储库磁盘剩余 {free}，而这张存储卡约需 {needed}（另需保留 {spare}）。导入将被拒绝：请先释放空间。</translation>
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
        <source>The hand-over was not recorded and nothing was imported: {message}</source>
        <translation>交接未登记，未导入任何文件：{message}</translation>
    </message>
    <message>
        <source>The import failed: {message}</source>
        <translation>导入失败：{message}</translation>
    </message>
    <message>
        <source>The receipt now prints the wipe; print it again and sign it by hand.</source>
        <translation>回执现已载明本次清除；请重新打印并手写签名。</translation>
    </message>
    <message>
        <source>The receipt was renewed with the wipe: preview or print it again.</source>
        <translation>回执已随清除结果更新：请重新预览或打印。</translation>
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
    <name>ImportReceiptBar</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save and open…</source>
        <translation>保存并打开…</translation>
    </message>
    <message>
        <source>Hand-over record #{number}:</source>
        <translation>交接记录 #{number}：</translation>
    </message>
    <message>
        <source>The hand-over record is signed by the station; print it, and the officer and the custodian sign it by hand.</source>
        <translation>交接记录已由工作站签章；请打印，由移交人和保管人手写签名。</translation>
    </message>
    <message>
        <source>Import receipt #{number}:</source>
        <translation>导入回执 #{number}：</translation>
    </message>
    <message>
        <source>The receipt is signed by the station; print it and sign it by hand.</source>
        <translation>回执由工作站签名；请打印后由保管人签字。</translation>
    </message>
    <message>
        <source>The receipt could not be fetched: {message}</source>
        <translation>无法获取回执：{message}</translation>
    </message>
    <message>
        <source>Fetching the signed receipt…</source>
        <translation>正在获取已签名的回执…</translation>
    </message>
    <message>
        <source>Import receipt #{number}</source>
        <translation>导入回执 #{number}</translation>
    </message>
    <message>
        <source>Print import receipt #{number}</source>
        <translation>打印导入回执 #{number}</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
    <message>
        <source>The receipt was sent to the printer.</source>
        <translation>回执已发送到打印机。</translation>
    </message>
    <message>
        <source>import-receipt-{number}.pdf</source>
        <translation>导入回执-{number}.pdf</translation>
    </message>
    <message>
        <source>Save the import receipt</source>
        <translation>保存导入回执</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>The receipt was not saved: {message}</source>
        <translation>回执未保存：{message}</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
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
    <name>InboxWidget</name>
    <message>
        <source>No requests wait for your decision. New requests from investigators and clerks appear here.</source>
        <extracomment>What the inbox lists: key → English (context ``InboxWidget``). What the table says when a mode lists nothing: key → English (context ``InboxWidget``).</extracomment>
        <translation>没有等待您审批的申请。办案人员和文书的新申请会显示在这里。</translation>
    </message>
    <message>
        <source>No viewing requests are pending.</source>
        <translation>没有待审批的查阅申请。</translation>
    </message>
    <message>
        <source>No approval is valid at the moment, so there is nothing to revoke.</source>
        <translation>目前没有有效的批准，无可撤销。</translation>
    </message>
    <message>
        <source>Waiting for my decision</source>
        <translation>待我审批</translation>
    </message>
    <message>
        <source>All pending requests</source>
        <translation>全部待审批申请</translation>
    </message>
    <message>
        <source>Valid approvals (to revoke)</source>
        <translation>有效批准（可撤销）</translation>
    </message>
    <message>
        <source>Refresh</source>
        <extracomment>A request was approved, refused or revoked (its new state).</extracomment>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>批准…</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Set classification…</source>
        <translation>设置密级…</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Only a director decides viewing requests.</source>
        <translation>只有主管局长可以审批查阅申请。</translation>
    </message>
    <message>
        <source>You made this request or it is for you; another director must decide it.</source>
        <translation>此申请由您提出或为您提出，须由另一位主管局长审批。</translation>
    </message>
    <message>
        <source>Only a director sets classifications.</source>
        <translation>只有主管局长可以设置密级。</translation>
    </message>
    <message>
        <source>Select a request to see it in full.</source>
        <translation>选择一项申请以查看详情。</translation>
    </message>
    <message>
        <source>Request #{number} — {kind}, {state}</source>
        <translation>申请 #{number} — {kind}，{state}</translation>
    </message>
    <message>
        <source>Viewer: {viewer}; asked by {requester} at {at}</source>
        <translation>查阅人：{viewer}；由 {requester} 于 {at} 申请</translation>
    </message>
    <message>
        <source>Purpose: {purpose}</source>
        <translation>用途：{purpose}</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>事由：{reason}</translation>
    </message>
    <message>
        <source>Recipient: {recipient}</source>
        <translation>接收方：{recipient}</translation>
    </message>
    <message>
        <source>On site at this station only.</source>
        <translation>仅限本站现场查阅。</translation>
    </message>
    <message>
        <source>Recordings:</source>
        <translation>记录：</translation>
    </message>
    <message>
        <source>Not done: {message}</source>
        <translation>未执行：{message}</translation>
    </message>
    <message>
        <source>Request #{number} was approved.</source>
        <translation>申请 #{number} 已批准。</translation>
    </message>
    <message>
        <source>Request #{number} was refused.</source>
        <translation>申请 #{number} 已拒绝。</translation>
    </message>
    <message>
        <source>The approval of request #{number} was revoked.</source>
        <translation>申请 #{number} 的批准已撤销。</translation>
    </message>
    <message>
        <source>Refuse request #{number}</source>
        <translation>拒绝申请 #{number}</translation>
    </message>
    <message>
        <source>Why is the request refused? The requester sees the reason.</source>
        <translation>拒绝理由是什么？申请人会看到该理由。</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Revoke the approval of request #{number}</source>
        <translation>撤销申请 #{number} 的批准</translation>
    </message>
    <message>
        <source>Why is the approval revoked? Footage stops opening under it at once.</source>
        <translation>撤销理由是什么？撤销后立即不能再凭此批准打开音像。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Recording #{number} is now classified {classification}.</source>
        <translation>记录 #{number} 的密级现为{classification}。</translation>
    </message>
</context>
<context>
    <name>LateImportDialog</name>
    <message>
        <source>Late import {id}</source>
        <translation>超时导入 {id}</translation>
    </message>
    <message>
        <source>For an exemption the 24 hours run from the officer&apos;s return to the unit.</source>
        <translation>适用豁免时，24 小时自执法人员返回单位时起算。</translation>
    </message>
    <message>
        <source>Note (required for &apos;Other reason&apos;)</source>
        <translation>备注（选择“其他原因”时必填）</translation>
    </message>
    <message>
        <source>Reason (Art. 15)</source>
        <translation>原因（第十五条）</translation>
    </message>
    <message>
        <source>Returned to the unit</source>
        <translation>返回单位时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
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
        <source>{count} of {total} recordings loaded; scroll for more.</source>
        <translation>已加载 {total} 条记录中的 {count} 条；向下滚动加载更多。</translation>
    </message>
    <message>
        <source>No thumbnail (not a playable video, or not made yet).</source>
        <translation>无缩略图（不是可播放的视频，或尚未生成）。</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>不足 1 分钟</translation>
    </message>
    <message>
        <source>{days} d {hours} h {minutes} min</source>
        <translation>{days} 天 {hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
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
        <source>- #{id} {kind} ({status}): {sentence}</source>
        <translation>- #{id} {kind}（{status}）：{sentence}</translation>
    </message>
    <message>
        <source>Media information</source>
        <translation>媒体信息</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <source>Picture size</source>
        <translation>画面尺寸</translation>
    </message>
    <message>
        <source>Frame rate</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>{fps} frames per second</source>
        <translation>每秒 {fps} 帧</translation>
    </message>
    <message>
        <source>Codec</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Created (according to the file)</source>
        <translation>创建时间（据文件记录）</translation>
    </message>
    <message>
        <source>Taken (camera clock)</source>
        <translation>拍摄时间（相机时钟）</translation>
    </message>
    <message>
        <source>Picture checked (Art. 13)</source>
        <translation>画面检查（第十三条）</translation>
    </message>
    <message>
        <source>first {time}</source>
        <translation>前 {time}</translation>
    </message>
    <message>
        <source>No scene recorded (Art. 13)</source>
        <translation>未记录到现场画面（第十三条）</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题说明</translation>
    </message>
    <message>
        <source>Disposed of on {date} (disposal #{id})</source>
        <translation>已于 {date} 销毁（销毁申请 #{id}）</translation>
    </message>
    <message>
        <source>Kept until {date} ({reason})</source>
        <translation>保存至 {date}（{reason}）</translation>
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
    <name>LockPanel</name>
    <message>
        <source>This desk is locked</source>
        <extracomment>What counts as someone using the program (anything else — repaints, timers, a video playing — does not).</extracomment>
        <translation>本工作站已锁定</translation>
    </message>
    <message>
        <source>The program was not used for a while, so its contents are hidden. {user}: enter your password to continue. Someone else: log this session out, then log in.</source>
        <translation>程序已闲置一段时间，窗口内容已隐藏。{user}：请输入密码继续使用。其他人员：请先注销此会话，再登录。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation>请输入密码。</translation>
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
        <extracomment>Navigation badges: page key → the count shown next to its title (0 shows none), read every :data:`BADGE_REFRESH_MS` and when a page calls :meth:`MainWindow.refresh_badges`.</extracomment>
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
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Hide the window&apos;s contents until your password is given again.</source>
        <translation>隐藏窗口内容，重新输入密码后才能继续使用。</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>End your session; the next user logs in.</source>
        <translation>结束您的会话，由下一位用户登录。</translation>
    </message>
    <message>
        <source>This page could not be opened: {error}</source>
        <translation>无法打开此页面：{error}</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>密码错误。</translation>
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
    <name>MediumPage</name>
    <message>
        <source>Medium and destination</source>
        <translation>介质与保存位置</translation>
    </message>
    <message>
        <source>The export starts when you press Export; it cannot be changed afterwards.</source>
        <translation>按“导出”后开始导出，之后不能再更改。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Burn to a disc and read it back</source>
        <translation>刻录到光盘并回读核验</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>介质</translation>
    </message>
    <message>
        <source>Folder for the image</source>
        <translation>映像保存文件夹</translation>
    </message>
    <message>
        <source>Image file name</source>
        <translation>映像文件名</translation>
    </message>
    <message>
        <source>Asking the station how many discs are needed…</source>
        <translation>正在向工作站询问需要几张光盘…</translation>
    </message>
    <message>
        <source>{size} of originals: fits on {count} disc(s) of {medium}.</source>
        <translation>原始文件共 {size}：需要 {count} 张 {medium} 光盘。</translation>
    </message>
    <message>
        <source>Writes {files}</source>
        <translation>将写入 {files}</translation>
    </message>
    <message>
        <source>Give the image a file name.</source>
        <translation>请填写映像文件名。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist; choose another.</source>
        <translation>文件夹 {folder} 不存在；请另选。</translation>
    </message>
    <message>
        <source>{files} already exists; an export never overwrites a file. Choose another name.</source>
        <translation>{files} 已存在；导出从不覆盖文件。请另起名称。</translation>
    </message>
    <message>
        <source>Name the drive to burn with, or do not burn.</source>
        <translation>请指定刻录光驱，或不刻录。</translation>
    </message>
    <message>
        <source>Folder for the disc image</source>
        <translation>光盘映像保存文件夹</translation>
    </message>
</context>
<context>
    <name>MediumPrompt</name>
    <message>
        <source>Disc {index} of {count}: put a blank disc into the drive, then press OK.</source>
        <extracomment>The rows skipped when no drive burns the image. The typed stage of a progress report → the row of the run page it moves. The folder under the user&apos;s documents the wizard proposes for disc images.</extracomment>
        <translation>第 {index}/{count} 张光盘：请放入空白光盘，然后按“确定”。</translation>
    </message>
    <message>
        <source>Next disc</source>
        <translation>下一张光盘</translation>
    </message>
</context>
<context>
    <name>MultiCameraWindow</name>
    <message>
        <source>Synchronised view — Evidence Station</source>
        <translation>多机位同步查看 — 证据工作站</translation>
    </message>
    <message>
        <source>{device} · starts {time} (corrected) · {name}</source>
        <translation>{device} · 校正后 {time} 开始 · {name}</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>未知设备</translation>
    </message>
    <message>
        <source>Play all</source>
        <translation>全部播放</translation>
    </message>
    <message>
        <source>Pause all</source>
        <translation>全部暂停</translation>
    </message>
    <message>
        <source>Corrected time {time}</source>
        <translation>校正时间 {time}</translation>
    </message>
    <message>
        <source>Playback of recording {id} stopped: its viewing approval has expired or was revoked.</source>
        <translation>录像 {id} 已停止播放：其调阅审批已过期或被撤销。</translation>
    </message>
    <message>
        <source>Snapshot {id} stored as derived evidence (not an original).</source>
        <translation>截图 {id} 已作为派生证据保存（非原始文件）。</translation>
    </message>
    <message>
        <source>Bookmark added to recording {id}: {category}.</source>
        <translation>已在录像 {id} 添加书签：{category}。</translation>
    </message>
</context>
<context>
    <name>NewCaseDialog</name>
    <message>
        <source>New case</source>
        <translation>新建案件</translation>
    </message>
    <message>
        <source>empty: numbered by the station, e.g. CASE-2026-0001</source>
        <translation>留空则由工作站编号，如 CASE-2026-0001</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>案件编号</translation>
    </message>
    <message>
        <source>Case title</source>
        <translation>案件名称</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>当事人</translation>
    </message>
</context>
<context>
    <name>NonRecordingDialog</name>
    <message>
        <source>Non-recording record (Art. 5)</source>
        <translation>未记录情况记录（第五条）</translation>
    </message>
    <message>
        <source>No registered activity</source>
        <translation>无已登记的执法活动</translation>
    </message>
    <message>
        <source>The legal or factual basis for not recording</source>
        <translation>未记录的法律或事实依据</translation>
    </message>
    <message>
        <source>Head of the enforcement body it was reported to</source>
        <translation>所报告的执法机构负责人</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>执法活动</translation>
    </message>
    <message>
        <source>Reason (Art. 5)</source>
        <translation>原因（第五条）</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation>报告人</translation>
    </message>
    <message>
        <source>Reported to</source>
        <translation>报告对象（负责人）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>ObjectTable</name>
    <message>
        <source>Showing the first {shown} of {total} rows — narrow the filter to see the others.</source>
        <extracomment>At most this many rows are put into a table; the rest is counted in the note. Cells longer than this carry their text as a tooltip too (they may be elided). With :attr:`Fit.CAPPED`, no column but the last grows wider than this when fitted to its contents. A column by name or by position. With ``word_wrap``, a column title longer than this many characters is shown on two lines. Every column follows its contents; one (``stretch``, else the last) takes the room left. The user may drag the columns; each fill sizes them to their contents (at most :data:`MAX_COLUMN_WIDTH`), the last one stretched.</extracomment>
        <translation>仅显示 {total} 行中的前 {shown} 行——请缩小筛选范围查看其余各行。</translation>
    </message>
</context>
<context>
    <name>OffsetHistoryChart</name>
    <message>
        <source>Clock offset history (seconds, camera − station)</source>
        <translation>时钟偏差历史（秒，记录仪 − 工作站）</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>阈值</translation>
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
    <name>PdfPreview</name>
    <message>
        <source>Print…</source>
        <extracomment>Resolution of the on-screen preview. Highest resolution pages are rendered at for a printer.</extracomment>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Open in PDF viewer</source>
        <translation>用 PDF 阅读器打开</translation>
    </message>
    <message>
        <source>The preview is not available here ({error}).</source>
        <translation>此处无法预览（{error}）。</translation>
    </message>
    <message>
        <source>{name}: {count} page(s)</source>
        <translation>{name}：共 {count} 页</translation>
    </message>
    <message>
        <source>Print {name}</source>
        <translation>打印 {name}</translation>
    </message>
    <message>
        <source>Printing failed: {error}</source>
        <translation>打印失败：{error}</translation>
    </message>
</context>
<context>
    <name>PeoplePage</name>
    <message>
        <source>Producer, extractor and purpose</source>
        <translation>制作人、提取人与用途</translation>
    </message>
    <message>
        <source>Pick a station user, or type a person&apos;s name with their ID number.</source>
        <translation>选择工作站用户，或输入姓名及证件号码。</translation>
    </message>
    <message>
        <source>Evidence for this case</source>
        <translation>作为本案证据附卷</translation>
    </message>
    <message>
        <source>External provision (needs the director&apos;s approval)</source>
        <translation>对外提供（须经主管局长批准）</translation>
    </message>
    <message>
        <source>Producer (制作人)</source>
        <translation>制作人</translation>
    </message>
    <message>
        <source>Extractor (提取人)</source>
        <translation>提取人</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
</context>
<context>
    <name>PersonField</name>
    <message>
        <source>user name, or e.g. 李四 (执法证 33010001)</source>
        <translation>用户名，或如 李四（执法证 33010001）</translation>
    </message>
    <message>
        <source>Required: the disc names who made it (Art. 17).</source>
        <translation>必填：光盘须注明制作人（第十七条）。</translation>
    </message>
    <message>
        <source>Required: the disc names who extracted the footage (Art. 17).</source>
        <translation>必填：光盘须注明提取人（第十七条）。</translation>
    </message>
    <message>
        <source>On the disc: {name}</source>
        <translation>光盘上记载为：{name}</translation>
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
    <name>PlayerKeys</name>
    <message>
        <source>Play / pause</source>
        <extracomment>Modifiers that do not change which shortcut a key press means (keypad keys, Shift for ? and +).</extracomment>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Back 5 seconds</source>
        <translation>后退 5 秒</translation>
    </message>
    <message>
        <source>Forward 5 seconds</source>
        <translation>前进 5 秒</translation>
    </message>
    <message>
        <source>Back 30 seconds</source>
        <translation>后退 30 秒</translation>
    </message>
    <message>
        <source>Forward 30 seconds</source>
        <translation>前进 30 秒</translation>
    </message>
    <message>
        <source>Previous frame (pauses)</source>
        <translation>上一帧（暂停）</translation>
    </message>
    <message>
        <source>Next frame (pauses)</source>
        <translation>下一帧（暂停）</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>减速</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>加速</translation>
    </message>
    <message>
        <source>Go to the start</source>
        <translation>跳到开头</translation>
    </message>
    <message>
        <source>Go to the end</source>
        <translation>跳到结尾</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>音量增大</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>音量减小</translation>
    </message>
    <message>
        <source>Mute / sound on</source>
        <translation>静音 / 恢复声音</translation>
    </message>
    <message>
        <source>Bookmark this moment</source>
        <translation>标记当前时刻</translation>
    </message>
    <message>
        <source>Snapshot (stored as derived evidence)</source>
        <translation>截图（作为派生证据保存）</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Leave full screen</source>
        <translation>退出全屏</translation>
    </message>
    <message>
        <source>This list of shortcuts</source>
        <translation>显示本快捷键列表</translation>
    </message>
    <message>
        <source>Space</source>
        <extracomment>Keys whose character needs Shift on some keyboards: the Shift state does not matter for them.</extracomment>
        <translation>空格</translation>
    </message>
</context>
<context>
    <name>PlayerKeysDialog</name>
    <message>
        <source>Player shortcuts</source>
        <translation>播放器快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>功能</translation>
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
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>◀|</source>
        <translation>◀|</translation>
    </message>
    <message>
        <source>|▶</source>
        <translation>|▶</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>静音</translation>
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
        <source>Full screen</source>
        <translation>全屏</translation>
    </message>
    <message>
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <source>Stop and go back to the start</source>
        <translation>停止并回到开头</translation>
    </message>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Playback speed (slower: {slower}; faster: {faster})</source>
        <translation>播放速度（减速：{slower}；加速：{faster}）</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Volume (louder: {louder}; quieter: {quieter})</source>
        <translation>音量（增大：{louder}；减小：{quieter}）</translation>
    </message>
    <message>
        <source>Store the current picture as derived evidence</source>
        <translation>将当前画面保存为派生证据</translation>
    </message>
    <message>
        <source>Bookmark this moment</source>
        <translation>标记当前时刻</translation>
    </message>
    <message>
        <source>Full screen ({enter}; {leave} to leave)</source>
        <translation>全屏（{enter}；{leave} 退出）</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Position (←/→ 5 seconds, Shift+←/→ 30 seconds, Home/End)</source>
        <translation>播放位置（←/→ 5 秒，Shift+←/→ 30 秒，Home/End 开头/结尾）</translation>
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
    <name>PlayerWindow</name>
    <message>
        <source>Player — Evidence Station</source>
        <translation>播放器 — 证据工作站</translation>
    </message>
    <message>
        <source>unknown device</source>
        <translation>未知设备</translation>
    </message>
    <message>
        <source>Recording {id}: {name} · device {device}</source>
        <translation>录像 {id}：{name} · 设备 {device}</translation>
    </message>
    <message>
        <source>Recording {id} is locked: you have no live viewing approval for it. Ask a director to approve a viewing request first.</source>
        <translation>录像 {id} 已锁定：您没有此录像的有效调阅审批。请先提交调阅申请并由负责人批准。</translation>
    </message>
    <message>
        <source>approval #{request} valid until {until}</source>
        <translation>审批 #{request}，有效期至 {until}</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>Recording {id} is locked: approval #{request}, under which this window plays, does not cover it. Open it from My grants under its own approval.</source>
        <translation>录像 {id} 已锁定：本窗口所依据的审批 #{request} 不包括该录像。请在“我的授权”中按其所属审批打开。</translation>
    </message>
    <message>
        <source>Playback stopped: the viewing approval for recording {id} has expired or was revoked. Ask for a new approval to continue.</source>
        <translation>播放已停止：录像 {id} 的调阅审批已过期或被撤销。如需继续查看，请重新申请。</translation>
    </message>
    <message>
        <source>Bookmark added: {category}.</source>
        <translation>已添加书签：{category}。</translation>
    </message>
    <message>
        <source>Storing the snapshot…</source>
        <translation>正在保存截图…</translation>
    </message>
    <message>
        <source>Snapshot {id} stored as derived evidence (not an original): SHA-256 {sha}…, SM3 {sm3}…</source>
        <translation>截图 {id} 已作为派生证据保存（非原始文件）：SHA-256 {sha}…，SM3 {sm3}…</translation>
    </message>
    <message>
        <source>The recording cannot be opened</source>
        <translation>无法打开录像</translation>
    </message>
</context>
<context>
    <name>PreUseCheckDialog</name>
    <message>
        <source>Pre-use check of {serial}</source>
        <translation>设备 {serial} 使用前检查</translation>
    </message>
    <message>
        <source>Works properly</source>
        <translation>工作正常</translation>
    </message>
    <message>
        <source>Battery charged</source>
        <translation>电量充足</translation>
    </message>
    <message>
        <source>Enough storage</source>
        <translation>存储空间充足</translation>
    </message>
    <message>
        <source>The camera showed</source>
        <translation>记录仪显示时间</translation>
    </message>
    <message>
        <source>Offset (camera − station)</source>
        <translation>偏差（记录仪 − 工作站）</translation>
    </message>
    <message>
        <source>Clock not compared</source>
        <translation>未核对时钟</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The clock was set right after the comparison</source>
        <translation>核对后已立即校准时钟</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <source>Checked at (station time)</source>
        <translation>检查时间（工作站时间）</translation>
    </message>
    <message>
        <source>Officer</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
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
    <name>ReasonDialog</name>
    <message>
        <source>Reason (required; it is shown to the requester)</source>
        <translation>理由（必填，申请人可见）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
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
    <name>RecordingLookup</name>
    <message>
        <source> and {count} more</source>
        <translation> 等另 {count} 条</translation>
    </message>
    <message>
        <source>SECRET</source>
        <translation>涉密</translation>
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
    <name>RecordingPickerDialog</name>
    <message>
        <source>Attach recordings</source>
        <translation>关联记录</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
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
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Select one or more recordings (Ctrl/Shift for several). Recordings already in the case are left out.</source>
        <translation>选择一条或多条记录（按 Ctrl/Shift 多选）。已在案件中的记录不再列出。</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>关联</translation>
    </message>
</context>
<context>
    <name>RecordingsPage</name>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>The originals to put on the disc, byte for byte.</source>
        <translation>逐字节刻入光盘的原始文件。</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Check none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>{count} of {total} recording(s) chosen, {size}.</source>
        <translation>已选 {count}/{total} 条记录，共 {size}。</translation>
    </message>
</context>
<context>
    <name>RegisterDiscsDialog</name>
    <message>
        <source>Confirm the discs of export #{id}</source>
        <translation>确认导出 #{id} 的光盘</translation>
    </message>
    <message>
        <source>user names, one per copy, separated by commas</source>
        <translation>用户名，每份一个，用逗号分隔</translation>
    </message>
    <message>
        <source>e.g. 10年 or 至2036-12-31</source>
        <translation>例如 10年 或 至2036-12-31</translation>
    </message>
    <message>
        <source>Record how many copies of each disc of this export were burned and who holds each copy (the register and the disc labels follow it).</source>
        <translation>登记本次导出的每张光盘刻录了几份、每份由谁持有（光盘登记和光盘标签据此填写）。</translation>
    </message>
    <message>
        <source>Copies burned:</source>
        <translation>刻录份数：</translation>
    </message>
    <message>
        <source>Holders:</source>
        <translation>持有人：</translation>
    </message>
    <message>
        <source>Secrecy period:</source>
        <translation>保密期限：</translation>
    </message>
</context>
<context>
    <name>RegisterWidget</name>
    <message>
        <source>Viewer</source>
        <extracomment>Column titles (context ``RegisterWidget``).</extracomment>
        <translation>查阅人</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>警号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>查阅事由</translation>
    </message>
    <message>
        <source>Approver</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Approved at</source>
        <translation>批准时间</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>查阅内容</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Watched</source>
        <translation>观看时段</translation>
    </message>
    <message>
        <source>Snapshots</source>
        <translation>截图</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>Station folders this desk knows of (an embedded station&apos;s): never an export&apos;s destination.</extracomment>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Viewer (user name)</source>
        <translation>查阅人（用户名）</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Your roles do not allow reading the viewing register.</source>
        <translation>您的角色无权查看查阅登记。</translation>
    </message>
    <message>
        <source>No viewing sessions in this period. Every time someone watches a recording under an approval, the session is registered here.</source>
        <translation>此期间没有查阅记录。每次经批准观看记录，都会在此登记。</translation>
    </message>
    <message>
        <source>Reading the viewing register…</source>
        <translation>正在读取查阅登记…</translation>
    </message>
    <message>
        <source>still open</source>
        <translation>尚未关闭</translation>
    </message>
    <message>
        <source>not played</source>
        <translation>未播放</translation>
    </message>
    <message>
        <source>{count} viewing sessions.</source>
        <translation>共 {count} 次查阅。</translation>
    </message>
    <message>
        <source>viewing-register</source>
        <translation>查阅登记簿</translation>
    </message>
    <message>
        <source>Export the viewing register as PDF</source>
        <translation>将查阅登记导出为 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the viewing register PDF…</source>
        <translation>正在生成查阅登记 PDF…</translation>
    </message>
    <message>
        <source>Export the viewing register as CSV</source>
        <translation>将查阅登记导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Writing the viewing register CSV…</source>
        <translation>正在生成查阅登记 CSV…</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <source>The export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
</context>
<context>
    <name>RequestKinds</name>
    <message>
        <source>Viewing</source>
        <extracomment>Request kinds → English (context ``RequestKinds``), in the order the dialog offers them.</extracomment>
        <translation>查阅</translation>
    </message>
    <message>
        <source>External provision</source>
        <translation>对外提供</translation>
    </message>
    <message>
        <source>Secret export</source>
        <translation>涉密记录导出</translation>
    </message>
</context>
<context>
    <name>RequestRecordingPicker</name>
    <message>
        <source>Choose recordings</source>
        <extracomment>A typed range may not name more recordings than this (a typo like 1-100000 must not freeze the dialog).</extracomment>
        <translation>选择记录</translation>
    </message>
    <message>
        <source>Select one or more recordings (Ctrl or Shift for several).</source>
        <translation>选择一条或多条记录（按住 Ctrl 或 Shift 可多选）。</translation>
    </message>
</context>
<context>
    <name>RequestStates</name>
    <message>
        <source>Waiting for a decision</source>
        <extracomment>What a request means right now (stored status or live/expired) → English (context ``RequestStates``).</extracomment>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved, valid</source>
        <translation>已批准，有效</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>已撤销</translation>
    </message>
</context>
<context>
    <name>RequestTable</name>
    <message>
        <source>#</source>
        <extracomment>Column key → English header (translated in context ``RequestTable``).</extracomment>
        <translation>编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>查阅人</translation>
    </message>
    <message>
        <source>Requested by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>事由</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Requested at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效至</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>On site only</source>
        <translation>仅限现场</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>Decision reason</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>RequestsWidget</name>
    <message>
        <source>New request…</source>
        <extracomment>How often the time left of live requests is rewritten. A request was sent (its result).</extracomment>
        <translation>新建申请…</translation>
    </message>
    <message>
        <source>Your roles do not allow asking to view recordings.</source>
        <translation>您的角色无权申请查阅记录。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>You have not asked to view any recordings yet. Use New request… (or select recordings in the Library) to ask a director for approval.</source>
        <translation>您尚未申请查阅记录。请用“新建申请…”（或在资料库中选择记录）向主管局长申请批准。</translation>
    </message>
    <message>
        <source>{count} requests.</source>
        <translation>共 {count} 项申请。</translation>
    </message>
    <message>
        <source>The request was not sent: {message}</source>
        <translation>申请未提交：{message}</translation>
    </message>
    <message>
        <source>Request #{number} for {count} recording(s) was sent; a director will decide it.</source>
        <translation>已提交申请 #{number}（{count} 条记录），等待主管局长审批。</translation>
    </message>
</context>
<context>
    <name>ResolveFindingDialog</name>
    <message>
        <source>Resolve finding {id} ({kind})</source>
        <translation>处理问题 {id}（{kind}）</translation>
    </message>
    <message>
        <source>What was done about it</source>
        <translation>采取的处理措施</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>处理意见</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Provenance sheet (PROVENANCE.pdf) of</source>
        <translation>提取说明（PROVENANCE.pdf）：</translation>
    </message>
    <message>
        <source>✔ Export #{id} of case {case} verified: every file on every disc matches the signed manifest ({when}).</source>
        <translation>✔ 案件 {case} 的导出 #{id} 核验通过：每张光盘上的每个文件都与签名清单一致（{when}）。</translation>
    </message>
    <message>
        <source>✘ VERIFICATION FAILED for export #{id} of case {case} ({when}). Do not hand over these discs; the failure is recorded in the audit log.</source>
        <translation>✘ 案件 {case} 的导出 #{id} 核验失败（{when}）。请勿移交这些光盘；失败已记入审计日志。</translation>
    </message>
    <message>
        <source>not burned</source>
        <translation>未刻录</translation>
    </message>
    <message>
        <source>✔ verified</source>
        <translation>✔ 核验通过</translation>
    </message>
    <message>
        <source>✘ FAILED</source>
        <translation>✘ 核验失败</translation>
    </message>
    <message>
        <source>Saved in: {folder}</source>
        <translation>保存位置：{folder}</translation>
    </message>
    <message>
        <source>disc {index} of {count}</source>
        <translation>第 {index}/{count} 张光盘</translation>
    </message>
    <message>
        <source>The sheet could not be read back from the image.</source>
        <translation>无法从映像中读回提取说明。</translation>
    </message>
</context>
<context>
    <name>RetentionWidget</name>
    <message>
        <source>#</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Camera time</source>
        <translation>拍摄时间</translation>
    </message>
    <message>
        <source>Keep until</source>
        <translation>保存至</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <source>No recordings are due.</source>
        <translation>没有到期的记录。</translation>
    </message>
    <message>
        <source>Propose disposal…</source>
        <translation>申请销毁…</translation>
    </message>
    <message>
        <source>Place legal hold…</source>
        <translation>设置保全…</translation>
    </message>
    <message>
        <source>Select recordings in the lists, then:</source>
        <translation>在列表中选择记录，然后：</translation>
    </message>
    <message>
        <source>Due for disposal now</source>
        <translation>已到期可销毁</translation>
    </message>
    <message>
        <source>Due in the next {days} days</source>
        <translation>未来 {days} 天内到期</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>保全</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Placed by</source>
        <translation>设置人</translation>
    </message>
    <message>
        <source>Placed at</source>
        <translation>设置时间</translation>
    </message>
    <message>
        <source>No legal holds.</source>
        <translation>没有生效中的保全。</translation>
    </message>
    <message>
        <source>Release hold…</source>
        <translation>解除保全…</translation>
    </message>
    <message>
        <source>Active legal holds</source>
        <translation>生效中的保全</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Proposed by</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Proposed at</source>
        <translation>申请时间</translation>
    </message>
    <message>
        <source>Recordings</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <source>No disposal proposals.</source>
        <translation>没有销毁申请。</translation>
    </message>
    <message>
        <source>Approve and dispose…</source>
        <translation>批准并销毁…</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>拒绝…</translation>
    </message>
    <message>
        <source>Open certificate</source>
        <translation>打开销毁证明</translation>
    </message>
    <message>
        <source>Disposal proposals</source>
        <translation>销毁申请</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>保存期限</translation>
    </message>
    <message>
        <source>Set by</source>
        <translation>设置人</translation>
    </message>
    <message>
        <source>Set at</source>
        <translation>设置时间</translation>
    </message>
    <message>
        <source>No retention rules set: the station default period applies.</source>
        <translation>未设置保存期限规则：适用工作站默认期限。</translation>
    </message>
    <message>
        <source>Set rule…</source>
        <translation>设置规则…</translation>
    </message>
    <message>
        <source>Remove rule…</source>
        <translation>删除规则…</translation>
    </message>
    <message>
        <source>Retention rules (the one-year minimum always applies)</source>
        <translation>保存期限规则（一年的法定最短期限始终适用）</translation>
    </message>
    <message>
        <source>Due for disposal now (reading…)</source>
        <translation>已到期可销毁（读取中……）</translation>
    </message>
    <message>
        <source>Due in the next {days} days (reading…)</source>
        <translation>未来 {days} 天内到期（读取中……）</translation>
    </message>
    <message>
        <source>Due for disposal now ({count})</source>
        <translation>已到期可销毁（{count}）</translation>
    </message>
    <message>
        <source>Due in the next {days} days ({count})</source>
        <translation>未来 {days} 天内到期（{count}）</translation>
    </message>
    <message>
        <source>Already in pending proposal #{id}.</source>
        <translation>已列入待审批的销毁申请 #{id}。</translation>
    </message>
    <message>
        <source>Select recordings that are due now.</source>
        <translation>请选择已到期的记录。</translation>
    </message>
    <message>
        <source>Select a hold.</source>
        <translation>请选择一项保全。</translation>
    </message>
    <message>
        <source>Select a rule.</source>
        <translation>请选择一条规则。</translation>
    </message>
    <message>
        <source>You proposed this disposal: another director must decide it.</source>
        <translation>此销毁申请由您提出，须由另一位负责人审批。</translation>
    </message>
    <message>
        <source>Select a pending proposal.</source>
        <translation>请选择一件待审批的销毁申请。</translation>
    </message>
    <message>
        <source>#{id} {name} ({device}), {status}</source>
        <translation>#{id} {name}（{device}），{status}</translation>
    </message>
    <message>
        <source>Decision: {reason}</source>
        <translation>审批意见：{reason}</translation>
    </message>
    <message>
        <source>Certificate: SHA-256 {sha256}</source>
        <translation>销毁证明：SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>Propose disposing of {count} recording(s): {ids}. A director other than you must approve before anything is removed.</source>
        <translation>申请销毁 {count} 条记录：{ids}。须经您以外的一位负责人批准后方可删除。</translation>
    </message>
    <message>
        <source>Propose disposal</source>
        <translation>申请销毁</translation>
    </message>
    <message>
        <source>Disposal proposal #{id} is waiting for a director.</source>
        <translation>销毁申请 #{id} 已提交，等待负责人审批。</translation>
    </message>
    <message>
        <source>{count} recording(s) put on legal hold.</source>
        <translation>已对 {count} 条记录设置保全。</translation>
    </message>
    <message>
        <source>Release hold {hold} on recording #{id} ({reason}).</source>
        <translation>解除记录 #{id} 的保全 {hold}（{reason}）。</translation>
    </message>
    <message>
        <source>Release a legal hold</source>
        <translation>解除保全</translation>
    </message>
    <message>
        <source>Hold {hold} released.</source>
        <translation>保全 {hold} 已解除。</translation>
    </message>
    <message>
        <source>Refuse disposal proposal #{id}: nothing is disposed of.</source>
        <translation>不批准销毁申请 #{id}：不销毁任何记录。</translation>
    </message>
    <message>
        <source>Refuse disposal</source>
        <translation>不予批准销毁</translation>
    </message>
    <message>
        <source>Disposal proposal #{id} refused.</source>
        <translation>销毁申请 #{id} 未获批准。</translation>
    </message>
    <message>
        <source>Rule saved.</source>
        <translation>规则已保存。</translation>
    </message>
    <message>
        <source>Remove the rule for {scope} {value} ({period}).</source>
        <translation>删除适用于 {scope} {value} 的规则（{period}）。</translation>
    </message>
    <message>
        <source>Remove a retention rule</source>
        <translation>删除保存期限规则</translation>
    </message>
    <message>
        <source>Rule removed.</source>
        <translation>规则已删除。</translation>
    </message>
    <message>
        <source>Approve disposal proposal #{id} by {person}? {count} recording(s) are checked again and removed from the vault; this cannot be undone.</source>
        <translation>批准 {person} 提出的销毁申请 #{id}？将重新核查 {count} 条记录并从存储库中删除，此操作不可撤销。</translation>
    </message>
    <message>
        <source>Approve disposal</source>
        <translation>批准销毁</translation>
    </message>
    <message>
        <source>Disposing of the recordings and signing the certificate…</source>
        <translation>正在销毁记录并签署销毁证明…</translation>
    </message>
    <message>
        <source>Disposal #{id} carried out: {count} recording(s) disposed of.</source>
        <translation>销毁申请 #{id} 已执行：销毁 {count} 条记录。</translation>
    </message>
    <message>
        <source>{count} recording(s) were disposed of. The station keeps the signed disposal certificate.
SHA-256: {sha256}

Open it now?</source>
        <translation>已销毁 {count} 条记录。已签名的销毁证明由工作站保存。
SHA-256：{sha256}

现在打开吗？</translation>
    </message>
    <message>
        <source>Disposal certificate</source>
        <translation>销毁证明</translation>
    </message>
</context>
<context>
    <name>RetentionWords</name>
    <message>
        <source>Statutory minimum (Art. 16, one year)</source>
        <extracomment>How far ahead the &quot;due soon&quot; list looks, in days.</extracomment>
        <translation>法定最短保存期限（第十六条，一年）</translation>
    </message>
    <message>
        <source>Station default period</source>
        <translation>本单位默认保存期限</translation>
    </message>
    <message>
        <source>Period for the activity kind</source>
        <translation>执法活动类别保存期限</translation>
    </message>
    <message>
        <source>Period for the classification</source>
        <translation>密级保存期限</translation>
    </message>
    <message>
        <source>Attached to an open case</source>
        <translation>案件未结，随案保存</translation>
    </message>
    <message>
        <source>Case file retention period</source>
        <translation>随案卷保存期限</translation>
    </message>
    <message>
        <source>Legal hold</source>
        <translation>保全（暂停销毁）</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>未批准</translation>
    </message>
    <message>
        <source>Proposed</source>
        <translation>已申请</translation>
    </message>
    <message>
        <source>Disposed of</source>
        <translation>已销毁</translation>
    </message>
    <message>
        <source>Withheld (no longer due)</source>
        <translation>保留（已不再到期）</translation>
    </message>
    <message>
        <source>Every recording (station default)</source>
        <translation>全部记录（本单位默认）</translation>
    </message>
    <message>
        <source>Activity kind</source>
        <translation>执法活动类别</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>密级</translation>
    </message>
    <message>
        <source>Only a custodian may propose a disposal.</source>
        <translation>只有保管员可以申请销毁。</translation>
    </message>
    <message>
        <source>Only a director may decide a disposal.</source>
        <translation>只有负责人可以审批销毁。</translation>
    </message>
    <message>
        <source>Only a custodian or a director may place or release legal holds.</source>
        <translation>只有保管员或负责人可以设置或解除保全。</translation>
    </message>
    <message>
        <source>Only an administrator may change retention rules.</source>
        <translation>只有管理员可以修改保存期限规则。</translation>
    </message>
    <message>
        <source>permanent</source>
        <translation>永久</translation>
    </message>
    <message>
        <source>{years} years</source>
        <translation>{years} 年</translation>
    </message>
    <message>
        <source>until the hold ends</source>
        <translation>保全解除前</translation>
    </message>
    <message>
        <source>permanently</source>
        <translation>永久</translation>
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
    <name>RuleDialog</name>
    <message>
        <source>Set a retention rule</source>
        <translation>设置保存期限规则</translation>
    </message>
    <message>
        <source>Periods below one year are refused: Art. 16 keeps every recording at least a year.</source>
        <translation>不接受短于一年的期限：依第十六条，每条记录至少保存一年。</translation>
    </message>
    <message>
        <source>For example 10y, 30y or permanent.</source>
        <translation>例如 10y、30y 或 permanent。</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>保存期限</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Exporting</source>
        <translation>正在导出</translation>
    </message>
    <message>
        <source>You can cancel at any time; a cancelled export leaves no files behind.</source>
        <translation>可随时取消；取消的导出不留下任何文件。</translation>
    </message>
    <message>
        <source>Cancel export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>进行中…</translation>
    </message>
    <message>
        <source>The export was cancelled; it left no files behind.</source>
        <translation>导出已取消，未留下任何文件。</translation>
    </message>
    <message>
        <source>The export failed: {message}</source>
        <translation>导出失败：{message}</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
</context>
<context>
    <name>RunningOperation</name>
    <message>
        <source>Cancel</source>
        <extracomment>The function an operation runs on the worker: it receives the progress callback and the cancel token. Progress dialogs appear only for operations that take longer than this (no flicker for quick ones). Set on the worker thread once the function has returned (the outcome follows on the GUI thread).</extracomment>
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
        <source>Station service (protected: the evidence is held by the service&apos;s own account)</source>
        <translation>工作站服务（受保护：证据由服务专用账户保管）</translation>
    </message>
    <message>
        <source>Embedded station (unprotected: its files belong to this computer account)</source>
        <translation>嵌入式工作站（未受保护：其文件属于本计算机账户）</translation>
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
        <source>Kind of station</source>
        <translation>工作站类型</translation>
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
    <name>SnapshotList</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Taken</source>
        <translation>截取时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>截取人</translation>
    </message>
    <message>
        <source>No snapshots of this recording yet. Press S (or Snapshot) while watching to keep the picture on screen as derived evidence.</source>
        <translation>此录像尚无截图。观看时按 S（或“截图”）即可将当前画面保存为派生证据。</translation>
    </message>
    <message>
        <source>Show picture…</source>
        <translation>查看图片…</translation>
    </message>
    <message>
        <source>Snapshot {id} — derived evidence, not an original
SHA-256 {sha}
SM3 {sm3}</source>
        <translation>截图 {id} — 派生证据，并非原始文件
SHA-256 {sha}
SM3 {sm3}</translation>
    </message>
</context>
<context>
    <name>SnapshotPictureDialog</name>
    <message>
        <source>Snapshot {id} at {time}</source>
        <translation>截图 {id}（{time}）</translation>
    </message>
    <message>
        <source>Derived evidence (not an original) of recording {recording}; SHA-256 {sha}</source>
        <translation>录像 {recording} 的派生证据（并非原始文件）；SHA-256 {sha}</translation>
    </message>
</context>
<context>
    <name>ThumbnailStrip</name>
    <message>
        <source>No thumbnails for this recording</source>
        <translation>此录像没有缩略图</translation>
    </message>
</context>
<context>
    <name>TimeLeft</name>
    <message>
        <source>expired</source>
        <extracomment>Text colour of each state in the tables.</extracomment>
        <translation>已过期</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>不足 1 分钟</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
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
    <name>TransferDialog</name>
    <message>
        <source>Record where a copy of disc {index}/{count} went</source>
        <translation>登记第 {index}/{count} 张光盘某一份的去向</translation>
    </message>
    <message>
        <source>Copy:</source>
        <translation>第几份：</translation>
    </message>
    <message>
        <source>Went to:</source>
        <translation>去向：</translation>
    </message>
    <message>
        <source>Case file number, court or agency:</source>
        <translation>案卷编号、法院或机关：</translation>
    </message>
    <message>
        <source>Received by:</source>
        <translation>接收人：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
</context>
<context>
    <name>ViewingPage</name>
    <message>
        <source>My requests</source>
        <extracomment>Tab keys in display order.</extracomment>
        <translation>我的申请</translation>
    </message>
    <message>
        <source>Awaiting approval</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>My grants</source>
        <translation>我的授权</translation>
    </message>
    <message>
        <source>Viewing register</source>
        <translation>查阅登记</translation>
    </message>
    <message>
        <source>Your roles do not allow asking to view recordings.</source>
        <translation>您的角色无权申请查阅记录。</translation>
    </message>
    <message>
        <source>Only a director decides viewing requests.</source>
        <translation>只有主管局长可以审批查阅申请。</translation>
    </message>
    <message>
        <source>Your roles do not allow watching footage.</source>
        <translation>您的角色无权观看音像。</translation>
    </message>
    <message>
        <source>Your roles do not allow reading the viewing register.</source>
        <translation>您的角色无权查看查阅登记。</translation>
    </message>
    <message>
        <source>{title} ({count} new)</source>
        <translation>{title}（{count} 条新批准）</translation>
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
        <source>Kind</source>
        <translation>类型</translation>
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
        <source>Who receives the copies (unit and person)</source>
        <translation>副本接收方（单位及人员）</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>View on site at this station only</source>
        <translation>仅限在本站现场查阅</translation>
    </message>
    <message>
        <source>A director decides the request; you are told in the Viewing page.</source>
        <translation>申请由主管局长审批；结果显示在“查阅”页面。</translation>
    </message>
    <message>
        <source>Recording ids, e.g. 12, 13, 20-25</source>
        <translation>记录编号，例如 12, 13, 20-25</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Type recording ids as numbers separated by commas, e.g. 12, 13, 20-25.</source>
        <translation>请输入以逗号分隔的记录编号，例如 12, 13, 20-25。</translation>
    </message>
    <message>
        <source>Name at least one recording.</source>
        <translation>请至少指定一条记录。</translation>
    </message>
    <message>
        <source>Name who receives the copies.</source>
        <translation>请填写副本接收方。</translation>
    </message>
    <message>
        <source>Give the reason; it is written into the register.</source>
        <translation>请填写事由；事由将记入登记。</translation>
    </message>
</context>
<context>
    <name>WeeklyImportsChart</name>
    <message>
        <source>Imports within 24 hours per week</source>
        <extracomment>Candidate steps of the timeline&apos;s time axis, in minutes (the first giving at most 8 ticks is used).</extracomment>
        <translation>每周 24 小时内导入情况</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Exempt</source>
        <translation>豁免</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超时</translation>
    </message>
</context>
<context>
    <name>WithdrawDialog</name>
    <message>
        <source>Withdraw bookmark</source>
        <translation>撤销书签</translation>
    </message>
    <message>
        <source>Why the bookmark is withdrawn (kept in its history)</source>
        <translation>撤销书签的原因（记入历史）</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>Video</source>
        <extracomment>Height of the thumbnail strip in the table (the strips on disk are 72 px high). The table shows the start of the strip only: this many times as wide as high (three 4:3 pictures). Stored values → English words (translated in context ``Words``).</extracomment>
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
        <source>Single-person account change</source>
        <translation>单人授权（无第二人确认）</translation>
    </message>
    <message>
        <source>Stored footage kept on the card</source>
        <translation>存储卡留存已入库记录</translation>
    </message>
    <message>
        <source>Possibly recorded after the fact</source>
        <translation>疑似事后补录</translation>
    </message>
    <message>
        <source>Camera unknown</source>
        <translation>无法确定记录仪</translation>
    </message>
    <message>
        <source>Pre-use check failed</source>
        <translation>使用前检查未通过</translation>
    </message>
    <message>
        <source>Activity not fully recorded</source>
        <translation>录像未覆盖执法全程</translation>
    </message>
    <message>
        <source>Footage from a device out of service</source>
        <translation>非在用设备录像</translation>
    </message>
    <message>
        <source>Party not told of recording</source>
        <translation>未标记告知当事人</translation>
    </message>
    <message>
        <source>Head did not confirm in time</source>
        <translation>负责人未及时确认</translation>
    </message>
    <message>
        <source>Black or frozen picture</source>
        <translation>画面黑屏、遮挡或静止</translation>
    </message>
    <message>
        <source>black picture</source>
        <extracomment>What the Art. 13 picture check found in a stretch of video.</extracomment>
        <translation>黑屏</translation>
    </message>
    <message>
        <source>covered lens</source>
        <translation>镜头被遮挡</translation>
    </message>
    <message>
        <source>frozen picture</source>
        <translation>画面静止不变</translation>
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
        <extracomment>The read-only actor of ``gui --smoke-test`` (no password; an auditor: it can read but change nothing).</extracomment>
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
        <extracomment>How long :func:`shutdown` waits for work in flight (a cancelled read stops at its next safe point).</extracomment>
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
