"""Pages that belong to no other app (the public portal lives in actionplan.portal)."""

from django.shortcuts import render

from actionplan.indicators import progress


def method(request):
    """How progress, status and forecasts are worked out, for non-technical readers."""
    return render(
        request,
        "web/method.html",
        {
            "on_track_points": round(progress.ON_TRACK_TOLERANCE * 100),
            "at_risk_points": round(progress.AT_RISK_TOLERANCE * 100),
        },
    )
