"""Page cache for anonymous visitors, invalidated on publishing.

- `store`: keys, versions and storage in Django's cache framework;
- `middleware`: serves and fills the cache, sets `Cache-Control` for browsers and CDNs;
- `invalidation`: which URLs a publication, move, deletion or settings edit affects (signals).
"""
