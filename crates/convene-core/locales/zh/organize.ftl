# 组织者页面。组织者输入的文字（标题、说明、名称）一律不译；用例返回的字段错误
# 按原样显示在该字段的 API 名称之后。

org-for-organizers = 组织者专页

org-all-meetings = 全部会议
org-back = 返回组织者页面
org-preview-button = 预览
org-change-it = 修改
org-field-error = { $field }：{ $message }
org-csrf-title = 表单被拒绝
org-csrf-refused = 此表单被拒绝：表单中没有本次会话的安全码（csrf 字段），因此未作任何更改。
org-csrf-again = 请返回组织者页面，重新加载表单后再次提交。
org-not-yours = 无权更改

org-sign-in-title = 组织者登录
org-sign-in-lead = 各小组主席和秘书处工作人员可在此更改日程：增加、调整、取消和恢复会议；保存之前，可预览冲突情况、各与会者时区的时间以及将要发出的邮件全文。
org-token = API 令牌
org-token-hint = 秘书处发给您的令牌（以 { $prefix } 开头）。令牌只核验一次，之后服务器将为您保持会话。
org-sign-in = 登录
org-bad-token = 此令牌无效：令牌未知或已被撤销。请检查是否完整粘贴，或向秘书处申请新的令牌。
org-too-many = 此处登录尝试次数过多。请等待一分钟后重试。

org-list-title = 组织会议
org-sign-out = 退出登录
org-who = { $name }（令牌 { $id }）
org-signed-in-as = 当前登录身份：
org-may-change = 您可以更改以下小组的会议：
org-add-meeting = 增加会议
org-add-deadline = 增加截止日期
org-upcoming = 即将举行
org-from-soonest = 自 { $date } 起，按时间先后排列。
org-no-upcoming = 没有即将举行的会议。
org-past = 以往会议
org-no-past = 没有以往会议。
org-cancelled = 已取消
org-edit = 修改
org-edit-label = 修改 { $title }（{ $id }）
org-reinstate = 恢复
org-reinstate-label = 恢复 { $title }（{ $id }）
org-cancel = 取消
org-cancel-label = 取消 { $title }（{ $id }）
org-add-deadline-label = 为 { $title }（{ $id }）增加截止日期
org-joint-outside = 与您的令牌权限范围以外的小组联合举行：只能由秘书处更改。
org-when = { $days }，{ $local }（{ $utc }）
org-no-time = { $date }（时间未定）

org-edit-meeting = 修改会议 { $id }
org-title = 标题
org-groups = 小组
org-kind = 类型
org-zone = 时区
org-zone-hint = 城市（日内瓦、纽约、北京）或时区（Europe/Zurich）。
org-date = 日期
org-until = 结束日期（多日会议）
org-start = 开始
org-end = 结束
org-recurrence = 系列规则（recurrence）
org-recurrence-hint = 单次会议请留空。系列会议示例：{ $example }（日期为首次会议的日期）。
org-remote-url = 远程参会链接（remote_url）
org-venue = 会场
org-city = 城市
org-country = 国家
org-url = 会议网页（url）
org-description = 说明
org-id = 标识（可选）
org-id-hint = 限用字母 a-z、数字和连字符。留空时由小组、日期和类型组成，例如 { $example }。
org-derive = 按该类会议的规则确定截止日期

org-cancel-meeting = 取消会议 { $id }
org-reinstate-meeting = 恢复会议 { $id }
org-reason = 原因（将发送至邮件列表）

org-deadline-meeting = 会议（其标识）
org-deadline-meeting-hint = 小组自身的截止日期请留空。
org-deadline-group = 或小组
org-deadline-group-none = （会议所属小组）
org-deadline-title = 标题（可选）
org-deadline-time = 时间（可选）
org-deadline-zone = 时区（可选）
org-deadline-zone-hint = 城市或时区；留空时采用会议的时区。
org-deadline-email = 发送至（email）
org-deadline-url = 或在线提交（url）
org-deadline-note = 备注
org-deadline-kind-contribution = 文稿
org-deadline-kind-registration = 注册
org-deadline-kind-visa-support-letter = 签证支持信申请
org-deadline-kind-other = 其他

org-preview = 预览：尚未保存任何内容
org-times-in = （{ $id }，时间均为{ $zone }）
org-when-heading = 时间
org-zones-label = { $when }在各与会者时区的时间
org-zones-caption = 在其各小组的每个与会者时区
org-zone-col = 时区
org-local-col = 当地时间
org-fit-col = 时段
org-fit-in-hours = 工作时间内
org-fit-out-of-hours = 工作时间外
org-fit-night = 夜间
org-zone-local = { $when }（UTC{ $offset }）
org-conflicts = 冲突
org-no-conflict = 与同一小组、上级小组或下级小组已确认的会议均无冲突。
org-overlaps = 与同一小组、上级小组或下级小组已确认的 { $count } 个会议时间重叠：
org-not-saved-conflicts = 未保存：与 { $count } 个已确认的会议时间重叠。请选择空闲时段，或勾选“仍然保存”后再次确认。
org-overlap-span = { $from } 至 { $to }
org-slots = 附近的空闲时段
org-slots-hint = 前后三天内对其各小组与会者时区最为公平的空闲时间。选择其一即可预览。
org-slot-fit = 权重 { $total } 中有 { $weight } 在工作时间内；{ $night ->
    [0] 无时区处于夜间
   *[other] { $night } 个时区处于夜间
}
org-use-slot = 采用此时段
org-use-slot-label = 采用此时段：{ $when }
org-deadlines = 截止日期
org-deadline-closes = 截止于 { $local }（{ $utc }）
org-mails = 将要发出的邮件
org-no-mail = 无邮件。
org-mail-to = 收件人：
org-mail-subject = 主题：
org-mail-due = 发送时间：{ $when }
org-save-anyway = 尽管存在冲突，仍然保存
org-cannot-reinstate = 在与上述会议时间重叠期间无法恢复：请先调整或取消其中一个会议。
org-confirm = 确认并发送邮件
org-silent = 保存但不发邮件（静默更正）
