from django import template

from actionplan.notices import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context) -> int:
    request = context.get("request")
    return selectors.unread_count(request.user) if request is not None else 0


@register.simple_tag(takes_context=True)
def following(context, target) -> bool:
    request = context.get("request")
    return request is not None and selectors.is_following(request.user, target)


@register.simple_tag
def follow_kind(target) -> str:
    return {"actionplan": "plan", "focusarea": "indsats", "project": "projekt"}[
        target._meta.model_name
    ]
