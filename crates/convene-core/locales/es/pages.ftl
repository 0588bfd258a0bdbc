# Páginas públicas.
lang-menu = Idioma
