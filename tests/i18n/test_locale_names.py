from service.i18n.locale_names import endonym, language_name, text_direction


def test_direction_and_names() -> None:
    assert text_direction("ar") == "rtl"
    assert text_direction("es") == "ltr"
    assert endonym("es-MX") == "Español (México)"
    assert language_name("en", "es") == "inglés"
