# Mails: filled in by the mail translation (helper lang-mail).
# Keys here must exist in all six languages (src/i18n/tests.rs).
