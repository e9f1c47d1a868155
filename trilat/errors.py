"""The "Bad Request" page: says which limit a request went over (too many files or fields, too
large), where Django's own page says only "Bad Request (400)"."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat

BATCH_ADVICE = (
    "Nothing was read or saved. Go back and send them in smaller batches: the admin's ingestion "
    "takes at most {files} texts ({size}) at once."
)


def limit_message(exception):
    """What a person should know about the limit `exception` reports, or '' for another."""
    advice = BATCH_ADVICE.format(
        files=settings.INGEST_MAX_FILES, size=filesizeformat(settings.INGEST_MAX_BATCH_BYTES)
    )
    if isinstance(exception, TooManyFilesSent):
        most = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return f"This form sent more than {most} files, the most a request may carry. {advice}"
    if isinstance(exception, TooManyFieldsSent):
        most = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return f"This form sent more than {most:,} fields, the most a request may carry. {advice}"
    if isinstance(exception, RequestDataTooBig):
        most = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return f"This form sent more than {most}, the most a request may carry. {advice}"
    return ""


def bad_request(request, exception):
    """handler400: the page names the limit that was passed, if one was."""
    context = {"message": limit_message(exception)}
    return render(request, "400.html", context, status=400)
