# صفحات المنظمين. لا يُترجم أبداً النص الذي يكتبه المنظمون (العناوين والأوصاف
# والأسماء)؛ وتُعرض أخطاء الحقول الصادرة عن حالات الاستخدام كما هي بعد اسم الحقل في الواجهة البرمجية.

org-for-organizers = صفحات المنظمين

org-all-meetings = جميع الاجتماعات
org-back = العودة إلى صفحات المنظمين
org-preview-button = معاينة
org-change-it = تعديل
org-field-error = { $field }: { $message }
org-csrf-title = رُفضت الاستمارة
org-csrf-refused = رُفضت هذه الاستمارة لأنها لم تتضمن رمز الأمان الخاص بهذه الجلسة (الحقل csrf)، ولم يُغيَّر أي شيء.
org-csrf-again = يُرجى العودة إلى صفحات المنظمين، وإعادة تحميل الاستمارة، ثم إرسالها من جديد.
org-not-yours = لا يحق لك تغيير هذا الاجتماع

org-sign-in-title = تسجيل دخول المنظمين
org-sign-in-lead = يُجري رؤساء الأفرقة وموظفو الأمانة هنا التغييرات على الجدول الزمني: إضافة الاجتماعات ونقلها وإلغاؤها وإعادتها، مع معاينة التعارضات والمواعيد في كل منطقة زمنية للمشاركين ونص الرسائل كاملاً قبل حفظ أي شيء.
org-token = رمز الواجهة البرمجية (API)
org-token-hint = الرمز الذي زودتك به الأمانة (يبدأ بـ { $prefix }). يُتحقَّق منه مرة واحدة، ثم يحتفظ الخادم بجلسة لك.
org-sign-in = تسجيل الدخول
org-bad-token = هذا الرمز غير صالح: فهو غير معروف أو أُلغي. تحقق من أنك ألصقته كاملاً، أو اطلب رمزاً جديداً من الأمانة.
org-too-many = محاولات تسجيل دخول كثيرة جداً من هذا العنوان. يُرجى الانتظار دقيقة ثم المحاولة مجدداً.

org-list-title = تنظيم الاجتماعات
org-sign-out = تسجيل الخروج
org-who = { $name } (الرمز { $id })
org-signed-in-as = تم تسجيل الدخول باسم
org-may-change = يحق لك تغيير اجتماعات الأفرقة التالية:
org-add-meeting = إضافة اجتماع
org-add-deadline = إضافة موعد نهائي
org-upcoming = الاجتماعات المقبلة
org-from-soonest = ابتداءً من { $date }، الأقرب فالأقرب.
org-no-upcoming = لا توجد اجتماعات مقبلة.
org-past = الاجتماعات السابقة
org-no-past = لا توجد اجتماعات سابقة.
org-cancelled = أُلغي
org-edit = تعديل
org-edit-label = تعديل { $title } ({ $id })
org-reinstate = إعادة
org-reinstate-label = إعادة { $title } ({ $id })
org-cancel = إلغاء
org-cancel-label = إلغاء { $title } ({ $id })
org-add-deadline-label = إضافة موعد نهائي إلى { $title } ({ $id })
org-joint-outside = اجتماع مشترك مع أفرقة خارج نطاق رمزك: لا يمكن تغييره إلا للأمانة.
org-when = { $days }، { $local } ({ $utc })
org-no-time = { $date } (لم يُحدَّد الموعد)

org-edit-meeting = تعديل الاجتماع { $id }
org-title = العنوان
org-groups = الأفرقة
org-kind = النوع
org-zone = المنطقة الزمنية
org-zone-hint = مدينة (جنيف، نيويورك، بيجين) أو منطقة زمنية (Europe/Zurich).
org-date = التاريخ
org-until = حتى (لعدة أيام)
org-start = البداية
org-end = النهاية
org-recurrence = قاعدة السلسلة (recurrence)
org-recurrence-hint = يُترك فارغاً لاجتماع واحد. للسلسلة: { $example } (التاريخ هو تاريخ أول اجتماع فيها).
org-remote-url = رابط المشاركة عن بُعد (remote_url)
org-venue = المكان
org-city = المدينة
org-country = البلد
org-url = صفحة الاجتماع (url)
org-description = الوصف
org-id = المعرِّف (اختياري)
org-id-hint = حروف a-z وأرقام وشرطات. إذا تُرك فارغاً: الفريق والتاريخ والنوع، مثل { $example }.
org-derive = تحديد مواعيده النهائية وفقاً للقاعدة الخاصة بنوعه

org-cancel-meeting = إلغاء الاجتماع { $id }
org-reinstate-meeting = إعادة الاجتماع { $id }
org-reason = السبب (يُرسل إلى القوائم البريدية)

org-deadline-meeting = الاجتماع (معرِّفه)
org-deadline-meeting-hint = يُترك فارغاً للموعد النهائي الخاص بفريق.
org-deadline-group = أو فريق
org-deadline-group-none = (فريق الاجتماع)
org-deadline-title = العنوان (اختياري)
org-deadline-time = الساعة (اختياري)
org-deadline-zone = المنطقة الزمنية (اختياري)
org-deadline-zone-hint = مدينة أو منطقة زمنية؛ وإذا تُرك فارغاً فمنطقة الاجتماع.
org-deadline-email = يُرسل إلى (email)
org-deadline-url = أو عبر الإنترنت (url)
org-deadline-note = ملاحظة
org-deadline-kind-contribution = المساهمات
org-deadline-kind-registration = التسجيل
org-deadline-kind-visa-support-letter = طلبات رسائل دعم التأشيرة
org-deadline-kind-other = غير ذلك

org-preview = معاينة: لم يُحفظ أي شيء بعد
org-times-in = ({ $id }، المواعيد بحسب { $zone })
org-when-heading = الموعد
org-zones-label = { $when } في كل منطقة زمنية للمشاركين
org-zones-caption = في كل منطقة زمنية لمشاركي أفرقته
org-zone-col = المنطقة الزمنية
org-local-col = التوقيت المحلي
org-fit-col = الملاءمة
org-fit-in-hours = خلال ساعات العمل
org-fit-out-of-hours = خارج ساعات العمل
org-fit-night = ليلاً
org-zone-local = { $when } (UTC{ $offset })
org-conflicts = التعارضات
org-no-conflict = لا تعارض مع الاجتماعات المؤكدة للفريق نفسه أو لفريق أعلى أو لفريق فرعي.
org-overlaps = { $count ->
    [one] يتداخل مع اجتماع مؤكد واحد للفريق نفسه أو لفريق أعلى أو لفريق فرعي:
    [two] يتداخل مع اجتماعين مؤكدين للفريق نفسه أو لفريق أعلى أو لفريق فرعي:
    [few] يتداخل مع { $count } اجتماعات مؤكدة للفريق نفسه أو لفريق أعلى أو لفريق فرعي:
   *[other] يتداخل مع { $count } اجتماعاً مؤكداً للفريق نفسه أو لفريق أعلى أو لفريق فرعي:
}
org-not-saved-conflicts = { $count ->
    [one] لم يُحفظ: يتداخل مع اجتماع مؤكد واحد. اختر موعداً شاغراً، أو أشِّر على «الحفظ على الرغم من التعارضات» ثم أكِّد من جديد.
    [two] لم يُحفظ: يتداخل مع اجتماعين مؤكدين. اختر موعداً شاغراً، أو أشِّر على «الحفظ على الرغم من التعارضات» ثم أكِّد من جديد.
    [few] لم يُحفظ: يتداخل مع { $count } اجتماعات مؤكدة. اختر موعداً شاغراً، أو أشِّر على «الحفظ على الرغم من التعارضات» ثم أكِّد من جديد.
   *[other] لم يُحفظ: يتداخل مع { $count } اجتماعاً مؤكداً. اختر موعداً شاغراً، أو أشِّر على «الحفظ على الرغم من التعارضات» ثم أكِّد من جديد.
}
org-overlap-span = من { $from } إلى { $to }
org-slots = مواعيد شاغرة قريبة
org-slots-hint = أعدل المواعيد الشاغرة بالنسبة إلى المناطق الزمنية لمشاركي أفرقته، في غضون ثلاثة أيام قبله وبعده. اختر أحدها لمعاينته بدلاً منه.
org-slot-fit = خلال ساعات العمل لوزن { $weight } من { $total }؛ { $night ->
    [0] لا منطقة زمنية ليلاً
    [one] منطقة زمنية واحدة ليلاً ({ $night })
   *[other] عدد المناطق الزمنية ليلاً: { $night }
}
org-use-slot = اعتماد هذا الموعد
org-use-slot-label = اعتماد هذا الموعد: { $when }
org-deadlines = المواعيد النهائية
org-deadline-closes = ينتهي في { $local } ({ $utc })
org-mails = الرسائل التي ستُرسل
org-no-mail = لا توجد رسائل.
org-mail-to = إلى:
org-mail-subject = الموضوع:
org-mail-due = موعد الإرسال: { $when }
org-save-anyway = الحفظ على الرغم من التعارضات
org-cannot-reinstate = لا يمكن إعادته ما دام يتداخل مع هذه الاجتماعات: انقل أحدها أو ألغه أولاً.
org-confirm = التأكيد وإرسال الرسائل
org-silent = الحفظ دون إرسال رسائل (تصحيح صامت)
