"""Build the POST data of an admin change form (main form and inlines) as the browser would send it,
and read the messages an admin response carries."""


def _put(data, name, value):
    if value is None:
        data[name] = ""
    elif isinstance(value, bool):
        if value:
            data[name] = "on"
    elif isinstance(value, list | tuple):
        data[name] = [str(getattr(item, "pk", item)) for item in value]
    else:
        data[name] = str(getattr(value, "pk", value))


def _form_values(data, form):
    for name in form.fields:
        _put(data, form.add_prefix(name), form[name].value())


def change_form_data(response, **changes):
    """The data a browser posts when the editor saves the form of `response` with `changes`."""
    data = {}
    _form_values(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_values(data, formset.management_form)
        for form in formset.forms:
            _form_values(data, form)
    for name, value in changes.items():
        _put(data, name, value)
    data["_save"] = "Save"
    return data


def messages_of(response):
    """The messages the admin shows with `response` (its context's, as text)."""
    return [str(message) for message in response.context["messages"]]
