"""`bootstrap_field`: a form field in the markup of crispy-forms' Bootstrap 5 field template,
written in one go. crispy-forms renders a dozen templates per field; a report form has a
hundred fields and every list page a row of filters, so the common widgets (text, number,
date, text area, select) are drawn here, and anything else is left to crispy-forms."""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms, template
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

LEFT_TO_CRISPY = (forms.CheckboxInput, forms.FileInput, forms.HiddenInput, forms.MultiWidget)


def _drawn_here(widget: forms.Widget) -> bool:
    if isinstance(widget, LEFT_TO_CRISPY) or widget.use_fieldset:
        return False
    return isinstance(widget, forms.widgets.Input | forms.Textarea | forms.Select)


def _css(widget: forms.Widget, invalid: bool) -> str:
    """The widget's classes as crispy-forms sets them: its own, its kind, Bootstrap's."""
    names = widget.attrs.get("class", "").split()
    kind = type(widget).__name__.lower()
    if kind not in widget.attrs.get("class", ""):
        names.append(kind)
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    for name in (bootstrap, "is-invalid") if invalid else (bootstrap,):
        if name not in names:
            names.append(name)
    return " ".join(names)


@register.filter
def bootstrap_field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden or not _drawn_here(widget):
        return as_crispy_field(field)
    required = field.field.required
    wrapper = " ".join(["mb-3", field.css_classes()]).strip()
    parts = [
        format_html('<div id="div_{}" class="{}">', field.auto_id, wrapper),
        format_html(
            '<label for="{}" class="form-label{}">{}{}</label>',
            field.id_for_label,
            " requiredField" if required else "",
            conditional_escape(field.label),
            mark_safe('<span class="asteriskField">*</span>') if required else "",
        )
        if field.label
        else "",
        field.as_widget(attrs={"class": _css(widget, bool(field.errors))}),
    ]
    if field.errors:
        parts.append(
            format_html(
                '<div id="{}_error" class="invalid-feedback">{}</div>',
                field.auto_id,
                format_html_join(
                    "",
                    '<p id="error_{}_{}"><strong>{}</strong></p>',
                    ((n, field.auto_id, e) for n, e in enumerate(field.errors, 1)),
                ),
            )
        )
    if field.help_text:
        parts.append(
            format_html(
                '<div id="{}_helptext" class="form-text">{}</div>',
                field.auto_id,
                mark_safe(field.help_text),  # as crispy-forms: help texts are the portal's own
            )
        )
    parts.append(mark_safe("</div>"))
    return mark_safe("".join(parts))
