# 日历订阅（.ics）：标题和说明。

feed-cancelled = 已取消：{ $title }
feed-deadline = 截止日期：{ $what }
feed-tba = { $title }（时间待定）
feed-tentative = { $title }（暂定）
feed-tentative-window = { $title }，{ $label }（暂定）
feed-tentative-planned = { $title }，{ $label }，拟定{ $zone } { $slot }（暂定）
feed-day-of = { $title }（第{ $day }天，共{ $days }天）
feed-dropped-day = 已取消：{ $title }（第{ $day }天）
feed-deadline-of-meeting = { $title }：{ $what }
feed-deadline-of-groups = { $what }（{ $groups }）
feed-category-deadline = 截止日期

feed-kind-of = { $groups }{ $kind }
feed-cancelled-line = 已取消
feed-cancelled-reason = 已取消：{ $reason }
feed-when = 时间：{ $when }
feed-slot = { $date }，{ $zone } { $times }（{ $iana }）= UTC { $utc }
feed-whole-days = { $first }至{ $last }，全天（{ $iana }）
feed-time-tba = { $date }，时间待定（{ $iana }）
feed-not-fixed = 尚未确定：{ $label }（{ $first }至{ $last }）
feed-not-fixed-planned = 尚未确定：{ $label }（{ $first }至{ $last }），拟定{ $zone } { $slot }
feed-where = 地点：{ $place }
feed-remote = 远程参会：{ $url }
feed-joining = 参会方式：{ $notes }
feed-mailing-list = 邮件列表：{ $lists }
feed-deadlines = 截止日期：
feed-deadline-line = - { $what }：{ $when }
feed-deadline-send-to = - { $what }：{ $when }；发送至 { $email }
feed-deadline-at = - { $what }：{ $when }；提交网址 { $url }
feed-details = 详情：{ $url }
feed-dropped-line = 已取消：第{ $day }天不再属于本次会议
feed-was = 原定：{ $date }，{ $zone } { $times }（{ $iana }）= UTC { $utc }
feed-series-cancelled = 已取消：{ $date }
feed-series-cancelled-reason = 已取消：{ $date }（{ $reason }）
feed-series-moved = 已改期：由{ $from }改至{ $to }，{ $zone } { $slot } = UTC { $utc }
