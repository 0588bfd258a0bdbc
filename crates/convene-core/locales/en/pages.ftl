# Public pages.
lang-menu = Language
