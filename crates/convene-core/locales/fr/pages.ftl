# Pages publiques.
lang-menu = Langue
