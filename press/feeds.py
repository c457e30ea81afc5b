"""RSS 2.0 and Atom feeds of the live releases, for the whole press room or one topic."""

import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from taggit.models import Tag

from cms.models import SiteSettings

FEED_LENGTH = 20
TOPIC_SLUG = re.compile(r"^[-\w]{1,100}\Z")


class ReleaseRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "fr"

    def get_object(self, request, index):
        self.request = request
        self.index = index
        self.settings = SiteSettings.for_request(request)
        slug = request.GET.get("topic", "")
        self.topic = Tag.objects.filter(slug=slug).first() if TOPIC_SLUG.match(slug) else None
        return index

    def title(self, index):
        title = _("Communiqués de presse — %(name)s") % {"name": self.settings.organisation_name}
        if self.topic:
            return _("%(title)s — thème « %(topic)s »") % {"title": title, "topic": self.topic}
        return title

    def description(self, index):
        return index.intro or self.settings.organisation_descriptor

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def author_name(self, index):
        return self.settings.organisation_name

    def items(self, index):
        releases = index.releases()
        if self.topic:
            releases = releases.with_topic(self.topic.slug)
        return releases.prefetch_related("tagged_items__tag")[:FEED_LENGTH]

    def item_title(self, item):
        """« Kicker : title », unless the title already begins with its kicker."""
        if not item.kicker or item.title.casefold().startswith(item.kicker.casefold()):
            return item.title
        return f"{item.kicker} : {item.title}"

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.published_at

    def item_author_name(self, item):
        return self.settings.organisation_name

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


class ReleaseAtomFeed(ReleaseRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
