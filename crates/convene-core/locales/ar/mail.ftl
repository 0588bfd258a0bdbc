# رسائل إلى القوائم البريدية للأفرقة (crates/convene/src/mail/compose/، personal.rs).
# النصوص التي يحررها المنظمون (العناوين والأوصاف والأسباب) تُمرَّر
# متغيرات ولا تُترجم.

mail-in-days = { $days ->
    [0] اليوم
    [1] غدًا
    [2] بعد يومين
    [few] بعد { $days } أيام
    [many] بعد { $days } يومًا
   *[other] بعد { $days } يوم
}
mail-closes = { $plural ->
    [yes] يُغلق
   *[no] يُغلق
}
mail-deadline-on = { $what }: { $closes } باب التقديم في { $date }
mail-tentative = { $label } (مؤقت)

mail-subject-new-meeting = اجتماع جديد: { $title }، { $dates }
mail-subject-reminder-meeting = تذكير: { $title }، { $dates } ({ $when })
mail-subject-changed-meeting = تعديل: { $title }، أصبح { $dates }
mail-subject-cancelled-meeting = إلغاء: { $title }، { $dates }
mail-subject-reinstated-meeting = إعادة انعقاد: { $title }، { $dates }
mail-subject-reminder-deadline = تذكير: { $deadline }
mail-subject-new-deadline = موعد نهائي جديد: { $deadline }
mail-subject-changed-deadline = تعديل: { $deadline }
mail-subject-cancelled-deadline = إلغاء: { $deadline }
mail-subject-reinstated-deadline = إعادة العمل: { $deadline }
mail-subject-batch = { $count ->
    [one] تعديل واحد: { $listed }
    [two] تعديلان: { $listed }
    [few] { $count } تعديلات: { $listed }
   *[other] { $count } تعديلًا: { $listed }
}
mail-and-more = و{ $count } غيرها

mail-intro-planned = من المقرر عقد اجتماع؛ ولم يُحدَّد موعده بعد.
mail-intro-scheduled = تقرر عقد اجتماع.
mail-intro-reminder = تذكير: يبدأ هذا الاجتماع { $when }.
mail-intro-occurrence = تذكير: ينعقد هذا الاجتماع { $when }، { $session }.
mail-intro-occurrence-unknown = تذكير: ينعقد هذا الاجتماع { $when }.
mail-intro-changed = عُدِّل هذا الاجتماع. وترد أدناه المعلومات الجديدة.
mail-intro-cancelled = أُلغي هذا الاجتماع.
mail-intro-reinstated = سينعقد هذا الاجتماع مجددًا: فقد سُحب قرار إلغائه. وترد أدناه المعلومات المحدَّثة.
mail-intro-deadline-reminder = تذكير: { $what }: { $closes } باب التقديم { $when }، في { $date }.
mail-intro-deadline-set = حُدِّد موعد نهائي.
mail-intro-batch = { $count ->
    [one] عُدِّل الجدول الزمني. وترد أدناه المعلومات الجديدة.
   *[other] عُدِّل الجدول الزمني في { $count } مواضع في آن واحد. وترد أدناه المعلومات الجديدة.
}
mail-intro-batch-lists = يُوجَّه هذا الإشعار إلى { $lists } ويشمل جميع تعديلات الدفعة التي تعنيها.

mail-head-new = جديد: { $title }
mail-head-planned = اجتماع مقرر (لم يُحدَّد موعده بعد): { $title }
mail-head-new-meeting = اجتماع جديد: { $title }
mail-head-new-deadline = موعد نهائي جديد: { $title }
mail-head-changed = تعديل: { $title }
mail-head-cancelled = إلغاء: { $title }
mail-head-reinstated = إعادة انعقاد: { $title }
mail-head-removed-meeting = حُذف: الاجتماع { $id }
mail-head-removed-deadline = حُذف: الموعد النهائي { $id }

mail-field-groups = الأفرقة
mail-field-kind = النوع
mail-field-status = الحالة
mail-field-when = الموعد
mail-field-times = المواعيد
mail-field-in-utc = بالتوقيت العالمي المنسق
mail-field-where = المكان
mail-field-remote = المشاركة عن بُعد
mail-field-joining = طريقة الانضمام
mail-field-deadlines = المواعيد النهائية
mail-field-mailing-list = القائمة البريدية
mail-field-closes = الإغلاق
mail-field-send-to = يُرسل إلى
mail-field-register-at = التسجيل عبر
mail-field-meeting = الاجتماع

mail-status-tentative = مؤقت
mail-status-cancelled = ملغى
mail-status-cancelled-because = ملغى: { $reason }
mail-day-times = { $day }، { $times }
mail-not-on = لا ينعقد في { $day }
mail-moved = نُقل { $from } إلى { $to }، { $times }
mail-whole-days = { $dates }، أيام كاملة، { $zone }
mail-from-to = من { $start } إلى { $end }
mail-time-tba = { $dates }، يُعلن الموعد لاحقًا ({ $zone })
mail-not-fixed = لم يُحدَّد الموعد بعد: { $label } ({ $dates })
mail-not-fixed-planned = لم يُحدَّد الموعد بعد: { $label } ({ $dates })، والمقرر { $times }
mail-planned-utc = المقرر { $times } بالتوقيت العالمي المنسق
mail-planned-utc-two = المقرر { $first } أو { $last } بالتوقيت العالمي المنسق (يتغير التوقيت خلال الفترة)
mail-end-of-day = { $day }، في نهاية اليوم، { $zone }
mail-deadline-line = { $what }: { $local } ({ $utc })
mail-deadline-send-to = { $line }؛ يُرسل إلى { $to }
mail-deadline-register-at = { $line }؛ التسجيل عبر { $to }
mail-deadline-of-meeting = { $what } لاجتماع { $title }

mail-link-details = التفاصيل
mail-link-meeting-details = تفاصيل الاجتماع
mail-link-add = إضافة إلى التقويم
mail-link-open = افتح الملف المرفق { $file }
mail-link-subscribe = الاشتراك في تقويم { $group }
mail-calendar-deadline = موعد نهائي: { $what }
mail-calendar-changes = تعديلات { $groups }
mail-footer = أُرسلت هذه الرسالة تلقائيًا من نظام convene باسم الأمانة ({ $address }). وترد الأوقات حسب المنطقة الزمنية لكل بند، و{ $home }، وبالتوقيت العالمي المنسق.

mail-personal-subject = تقويم الأعضاء الخاص بك: { $groups }
mail-personal-asked = طلب شخص ما (نأمل أن تكون أنت) تقويم أعضاء { $groups } على { $site } لهذا العنوان.
mail-personal-feed = تقويمك الشخصي، مع تفاصيل الانضمام المخصصة للأعضاء:
mail-personal-add = أضفه إلى برنامج التقويم لديك باستخدام عنوانه («الاشتراك من الويب» / «من عنوان URL»). احتفظ به لنفسك: فكل من يحوزه يطّلع على تفاصيل الانضمام.
mail-personal-manage = الاطلاع على أفرقته أو إلغاؤه:
mail-personal-ignore = إذا لم تطلبه، فألغه من هناك، أو تجاهل هذه الرسالة.
mail-personal-footer = أرسل نظام convene ({ $site }) هذه الرسالة بناءً على طلب من هذا العنوان.
