# 发往各小组邮件列表的邮件（crates/convene/src/mail/compose/、personal.rs）。
# 组织者撰写的文字（标题、说明、原因）以变量传入，不予翻译。

mail-in-days = { $days ->
    [0] 今天
    [1] 明天
   *[other] { $days }天后
}
mail-closes = { $plural ->
    [yes] 截止
   *[no] 截止
}
mail-deadline-on = { $what }于{ $date }{ $closes }
mail-tentative = { $label }（暂定）

mail-subject-new-meeting = 新会议：{ $title }，{ $dates }
mail-subject-reminder-meeting = 提醒：{ $title }，{ $dates }（{ $when }）
mail-subject-changed-meeting = 变更：{ $title }，现为{ $dates }
mail-subject-cancelled-meeting = 取消：{ $title }，{ $dates }
mail-subject-reinstated-meeting = 恢复：{ $title }，{ $dates }
mail-subject-reminder-deadline = 提醒：{ $deadline }
mail-subject-new-deadline = 新截止日期：{ $deadline }
mail-subject-changed-deadline = 变更：{ $deadline }
mail-subject-cancelled-deadline = 取消：{ $deadline }
mail-subject-reinstated-deadline = 恢复：{ $deadline }
mail-subject-batch = { $count ->
   *[other] { $count }项变更：{ $listed }
}
mail-and-more = 另有{ $count }项

mail-intro-planned = 拟举行一次会议，日期尚未确定。
mail-intro-scheduled = 已安排一次会议。
mail-intro-reminder = 提醒：本次会议将于{ $when }开始。
mail-intro-occurrence = 提醒：本会议将于{ $when }举行，{ $session }。
mail-intro-occurrence-unknown = 提醒：本会议将于{ $when }举行。
mail-intro-changed = 本次会议已变更，以下为最新信息。
mail-intro-cancelled = 本次会议已取消。
mail-intro-reinstated = 本次会议将照常举行：取消决定已撤回。以下为最新信息。
mail-intro-deadline-reminder = 提醒：{ $what }将于{ $when }（{ $date }）{ $closes }。
mail-intro-deadline-set = 已设定一个截止日期。
mail-intro-batch = { $count ->
    [one] 日程已变更，以下为最新信息。
   *[other] 日程有{ $count }处同时变更，以下为最新信息。
}
mail-intro-batch-lists = 本通知发送至{ $lists }，涵盖本批次中与其相关的全部变更。

mail-head-new = 新增：{ $title }
mail-head-planned = 拟举行的会议（日期尚未确定）：{ $title }
mail-head-new-meeting = 新会议：{ $title }
mail-head-new-deadline = 新截止日期：{ $title }
mail-head-changed = 变更：{ $title }
mail-head-cancelled = 取消：{ $title }
mail-head-reinstated = 恢复：{ $title }
mail-head-removed-meeting = 已删除：会议 { $id }
mail-head-removed-deadline = 已删除：截止日期 { $id }

mail-field-groups = 小组
mail-field-kind = 类型
mail-field-status = 状态
mail-field-when = 时间
mail-field-times = 时间一览
mail-field-in-utc = 协调世界时
mail-field-where = 地点
mail-field-remote = 远程参会
mail-field-joining = 接入方式
mail-field-deadlines = 截止日期
mail-field-mailing-list = 邮件列表
mail-field-closes = 截止
mail-field-send-to = 发送至
mail-field-register-at = 注册网址
mail-field-meeting = 会议

mail-status-tentative = 暂定
mail-status-cancelled = 已取消
mail-status-cancelled-because = 已取消：{ $reason }
mail-day-times = { $day }，{ $times }
mail-not-on = { $day }不举行
mail-moved = { $from }改至{ $to }，{ $times }
mail-whole-days = { $dates }，全天，{ $zone }
mail-from-to = 自{ $start }至{ $end }
mail-time-tba = { $dates }，时间另行通知（{ $zone }）
mail-not-fixed = 日期尚未确定：{ $label }（{ $dates }）
mail-not-fixed-planned = 日期尚未确定：{ $label }（{ $dates }），拟定{ $times }
mail-planned-utc = 拟定协调世界时 { $times }
mail-planned-utc-two = 拟定协调世界时 { $first } 或 { $last }（期间时钟调整）
mail-end-of-day = { $day }，当日结束前，{ $zone }
mail-deadline-line = { $what }：{ $local }（{ $utc }）
mail-deadline-send-to = { $line }；发送至 { $to }
mail-deadline-register-at = { $line }；注册网址 { $to }
mail-deadline-of-meeting = { $title }：{ $what }

mail-link-details = 详细信息
mail-link-meeting-details = 会议详细信息
mail-link-add = 添加到日历
mail-link-open = 打开附件 { $file }
mail-link-subscribe = 订阅 { $group } 日历
mail-calendar-deadline = 截止日期：{ $what }
mail-calendar-changes = { $groups } 的变更
mail-footer = 本邮件由 convene 代表秘书处（{ $address }）自动发送。时间以各项目所在时区、{ $home }及协调世界时（UTC）表示。

mail-personal-subject = 您的成员日历：{ $groups }
mail-personal-asked = 有人（希望是您本人）在 { $site } 上为此地址申请了 { $groups } 的成员日历。
mail-personal-feed = 您的个人日历，含仅供成员使用的接入信息：
mail-personal-add = 请通过其地址将其添加到您的日历程序中（“从网络订阅”/“通过网址订阅”）。请勿外传：任何持有该地址的人都能看到接入信息。
mail-personal-manage = 查看其所含小组或予以撤销：
mail-personal-ignore = 如您并未申请，请在上述页面撤销，或忽略本邮件。
mail-personal-footer = 因此地址提出申请，本邮件由 convene（{ $site }）发送。
