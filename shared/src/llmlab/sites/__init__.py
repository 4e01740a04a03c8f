"""Generated websites served on localhost, for the scraping and agent labs.

``serve_site(site)`` runs any of them (or a folder of files) on ``127.0.0.1`` in a background
thread and yields its base URL; each site keeps its ground truth on the object it returns.
"""

from llmlab.sites.listings import Listing, ListingsSite, generate_listings, listings_site
from llmlab.sites.news import Company, Headline, NewsSite, PricePoint, news_site
from llmlab.sites.server import Response, serve_site

__all__ = [
    "Company", "Headline", "Listing", "ListingsSite", "NewsSite", "PricePoint", "Response",
    "generate_listings", "listings_site", "news_site", "serve_site",
]
