# 页面、日历和邮件共用。

time-range = { $start }-{ $end }
date-range = { $shape ->
    [days] { $first }至{ $last_day }日
    [months] { $first }至{ $last_md }
   *[years] { $first }至{ $last }
}
day-time = { $day } { $time }
time-in-zone = { $zone } { $time }
zone-city = 当地时间（{ $city }）

zone-europe-zurich = 日内瓦时间
zone-europe-paris = 巴黎时间
zone-europe-london = 伦敦时间
zone-europe-moscow = 莫斯科时间
zone-europe-riga = 里加时间
zone-america-new-york = 纽约时间
zone-asia-shanghai = 北京时间
zone-asia-seoul = 首尔时间
zone-asia-tokyo = 东京时间
zone-asia-riyadh = 利雅得时间
zone-africa-cairo = 开罗时间
zone-africa-dar-es-salaam = 达累斯萨拉姆时间
zone-pacific-kiritimati = 基里蒂马蒂时间

kind-physical = 会议（现场举行，可远程参加）
kind-e-meeting = 网络会议
kind-forum = 论坛
kind-webinar = 网络研讨会
kind-special-session = 特别会议

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = 签证支持信申请
deadline-title-contribution = 文稿
deadline-title-registration = 注册
deadline-title-other = 截止日期
