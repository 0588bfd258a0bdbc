# 公开页面。
lang-menu = 语言
