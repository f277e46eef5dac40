"""`{% fragment "name" [vary ...] %}…{% endfragment %}`: a page part rendered once per state
of the data, for as long as that state lasts (decision 0030).

The key is the fragment's name, the audit chain head (:func:`csphub.audit.freshness.data_version`:
it moves with every committed write), the hour (overdue flags change at midnight, question
deadlines at 5pm), the page's full path with its query, and who is looking: the signed-in
user's session, or "anonymous" (everyone signed out sees the same pages). Anything else the
part shows must be given as a vary value. Only GET requests are cached, so a form shown again
with its errors is always rendered afresh. A part holding a CSRF token is cached per session
(the token is issued on every request, so the cookie it needs is always set), and never for
anonymous viewers, whose tokens are their own.
"""

from __future__ import annotations

from django import template
from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.base import Node, NodeList

from csphub.audit.freshness import ALIAS, fragment_key, viewer_key

register = template.Library()


class FragmentNode(Node):
    def __init__(self, nodelist: NodeList, name, vary: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary

    def render(self, context) -> str:
        request = context.get("request")
        if request is None or request.method not in ("GET", "HEAD"):
            return self.nodelist.render(context)
        viewer = viewer_key(request)
        if viewer != "anonymous":
            get_token(request)  # the CSRF cookie a cached form's token needs
        vary = [v.resolve(context) for v in self.vary]
        key = fragment_key(request, str(self.name.resolve(context)), vary)
        cache = caches[ALIAS]
        html = cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if viewer != "anonymous" or "csrfmiddlewaretoken" not in html:
                cache.set(key, html)
        return html


@register.tag("fragment")
def do_fragment(parser, token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
