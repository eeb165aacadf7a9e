"""QuickChoiceDisplay gives what Django's get_FOO_display gives, in the active language."""

import pytest
from django.db import models
from django.utils import translation

from people.models import Person

CHOICE_FIELDS = [field for field in Person._meta.fields if field.choices]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("field", CHOICE_FIELDS, ids=lambda field: field.name)
def test_it_labels_every_value_like_django(field, language):
    values = [value for value, _label in field.flatchoices] + ["KHONG_CO", 99, None]
    with translation.override(language):
        for value in values:
            person = Person(**{field.attname: value})
            shown = getattr(person, f"get_{field.name}_display")()
            assert shown == models.Model._get_FIELD_display(person, field)
            assert type(shown) is type(models.Model._get_FIELD_display(person, field))


def test_it_follows_the_language_of_the_request():
    person = Person(classification=0)
    with translation.override("vi"):
        vietnamese = person.get_classification_display()
    with translation.override("en"):
        english = person.get_classification_display()
    assert vietnamese != english
