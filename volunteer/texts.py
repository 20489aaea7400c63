"""Mark text for translation in modules that must not import Flask (the pure cores)."""


def N_(message: str) -> str:
    """Return `message` unchanged; `pybabel extract -k N_` collects it for the catalogue.

    The caller that shows it to a person translates it there with gettext.
    """
    return message
