"""Label values from fixed sets, so that no request can create a new time series.

Every distinct combination of label values is a separate series that Prometheus stores and
indexes for as long as it keeps data. A label copied from the request (the raw path, the
``model`` field of the body) lets one client create as many series as it sends requests: the
"cardinality explosion" that takes monitoring down. These functions map what a request says
onto a small, known set of values.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
OTHER_STATUS = "other"  # a status code outside 100..599
UNMATCHED = "unmatched"  # the route label of a path that no route serves
OTHER_MODEL = "other"  # the model label of a name that is not on the allow-list


def status_class(status: int) -> str:
    """``200 -> "2xx"``, ``404 -> "4xx"``, ``503 -> "5xx"``; a code outside 100..599 -> ``"other"``."""
    # BEGIN SOLUTION
    if not 100 <= status <= 599:
        return OTHER_STATUS
    return STATUS_CLASSES[status // 100 - 1]
    # END SOLUTION


def route_template(path: str, templates: Sequence[str]) -> str:
    """The first route template in ``templates`` that serves ``path``, or ``UNMATCHED``.

    Templates are written as in FastAPI: ``"/v1/models/{model_id}"`` serves ``/v1/models/gpt``
    (a ``{name}`` segment stands for any one non-empty segment); ``"/static/{rest:path}"``
    (a ``{name:path}`` segment, last) serves every path that starts with ``/static/``.
    Paths are compared segment by segment: ``/v1/models/a/b`` is not served by
    ``/v1/models/{model_id}``, and ``/health/`` is not ``/health``.
    """
    # BEGIN SOLUTION
    def same(pattern: str, segment: str) -> bool:
        if pattern.startswith("{") and pattern.endswith("}"):
            return segment != ""  # a parameter stands for any one non-empty segment
        return pattern == segment

    parts = path.split("/")
    for template in templates:
        pattern = template.split("/")
        if pattern[-1].startswith("{") and pattern[-1].endswith(":path}"):
            head = pattern[:-1]  # the rest of the path, slashes included, may follow
            if len(parts) > len(head) and all(map(same, head, parts)):
                return template
        elif len(parts) == len(pattern) and all(map(same, pattern, parts)):
            return template
    return UNMATCHED
    # END SOLUTION


def model_label(requested: object, allowed: Collection[str]) -> str:
    """``requested`` when it is a string on the allow-list ``allowed``, else ``OTHER_MODEL``.

    ``requested`` is whatever the client sent as ``model`` (any JSON value, or ``None``).
    """
    # BEGIN SOLUTION
    if isinstance(requested, str) and requested in allowed:
        return requested
    return OTHER_MODEL
    # END SOLUTION
