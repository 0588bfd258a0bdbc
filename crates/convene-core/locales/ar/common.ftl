# مشترك بين الصفحات والتقويمات ورسائل البريد.

time-range = { $start }-{ $end }
date-range = { $shape ->
    [days] { $first_day }-{ $last }
    [months] من { $first_md } إلى { $last }
   *[years] من { $first } إلى { $last }
}
day-time = { $day } { $time }
time-in-zone = { $time } { $zone }
zone-city = بالتوقيت المحلي ({ $city })

zone-europe-zurich = بتوقيت جنيف
zone-europe-paris = بتوقيت باريس
zone-europe-london = بتوقيت لندن
zone-europe-moscow = بتوقيت موسكو
zone-europe-riga = بتوقيت ريغا
zone-america-new-york = بتوقيت نيويورك
zone-asia-shanghai = بتوقيت بيجين
zone-asia-seoul = بتوقيت سول
zone-asia-tokyo = بتوقيت طوكيو
zone-asia-riyadh = بتوقيت الرياض
zone-africa-cairo = بتوقيت القاهرة
zone-africa-dar-es-salaam = بتوقيت دار السلام
zone-pacific-kiritimati = بتوقيت كيريتيماتي

kind-physical = اجتماع (حضوري، مع إمكانية المشاركة عن بُعد)
kind-e-meeting = اجتماع إلكتروني
kind-forum = منتدى
kind-webinar = ندوة شبكية
kind-special-session = دورة استثنائية

## What a deadline is for when its organizer gave it no title, by its kind.
deadline-title-visa-support-letter = طلبات رسائل دعم التأشيرة
deadline-title-contribution = المساهمات
deadline-title-registration = التسجيل
deadline-title-other = الموعد النهائي
