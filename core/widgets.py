"""Form widgets shared by the apps."""

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: False left out, True bare."""
    return "".join(
        f" {conditional_escape(name)}" if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


class QuickSelect(forms.Select):
    """A Select writing its options in Python: the same HTML as Django's templates.

    Django renders each <option> through two template includes (select_option.html and
    attrs.html): a list of ~900 units (a province's scope in the person form) cost ~40 ms of CPU
    per page. Grouped choices and multiple selection fall back to Django's templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if self.allow_multiple_selected or any(
            isinstance(label, (list, tuple)) for _value, label in choices
        ):
            return super().render(name, value, attrs, renderer)
        wanted = self.format_value(value)
        options, selected_one = [], False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            # As ChoiceWidget.optgroups: only the first matching option is selected.
            selected = not selected_one and text in wanted
            selected_one = selected_one or selected
            options.append(
                f'\n  <option value="{conditional_escape(text)}"'
                f'{" selected" if selected else ""}>{conditional_escape(localize(label))}'
                "</option>\n"
            )
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(
            f'<select name="{conditional_escape(name)}"{_attrs(final_attrs)}>'
            + "".join(options) + "\n</select>"
        )
