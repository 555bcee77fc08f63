vcl 4.1;
# Varnish in front of Tailor: a shared cache of the canonical URLs, emptied of an answer's pages as
# soon as Tailor publishes a change to it. Tested through a real varnishd in tests/deploy/ and
# measured by `bash bench/run`.
#
# What is cached, and why it is safe (the same rules as deploy/nginx.conf):
# - Only URLs that name their rendition completely: the response is a function of the URL alone, so
#   the object is found by URL (and Host) and the reader's cookies are neither sent to Tailor nor kept.
# - Only 200s. Redirects (a bare /answers/… depends on the reader's cookie and language), errors, and
#   everything Tailor marks `private` or `no-store` pass through, every time.
# - For as long as Tailor's Cache-Control says: max-age, then stale-while-revalidate (served while a
#   background fetch refreshes it), and stale-if-error while Tailor is failing its health probe.
# - A publish: each replica that swaps in a new catalog sends `BAN` with the paths that changed
#   (TAILOR_CACHE_PURGE_URLS=http://varnish:6081). Only addresses in `acl publishers` may.

import directors;
import std;

probe health {
    .url = "/health";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend replica_a {
    .host = "replica-a";
    .port = "8000";
    .probe = health;
}

backend replica_b {
    .host = "replica-b";
    .port = "8000";
    .probe = health;
}

sub vcl_init {
    # Requests go round the healthy replicas; a replica that fails its probe is skipped.
    new replicas = directors.round_robin();
    replicas.add_backend(replica_a);
    replicas.add_backend(replica_b);
}

# Tailor's replicas: the only clients allowed to ban or purge.
acl publishers {
    "localhost";
    "127.0.0.1";
    "::1";
    # In parentheses: names that do not resolve when the VCL loads are left out instead of failing it.
    ("replica-a");
    ("replica-b");
}

sub vcl_recv {
    set req.backend_hint = replicas.backend();
    if (req.method == "BAN") {
        if (client.ip !~ publishers) {
            return (synth(403, "Not allowed"));
        }
        if (!req.http.Tailor-Ban) {
            return (synth(400, "Tailor-Ban must hold a regular expression over paths"));
        }
        # Matched against what each object was fetched as, so the ban lurker can clear old objects.
        ban("obj.http.Tailor-Path ~ " + req.http.Tailor-Ban);
        return (synth(200, "Banned"));
    }
    if (req.method == "PURGE") {
        if (client.ip !~ publishers) {
            return (synth(403, "Not allowed"));
        }
        return (purge);
    }
    # Metrics are for the operator's scraper, which asks a replica directly: never routed from outside.
    if (req.url ~ "^/metrics(\?|$)") {
        return (synth(404, "Not found"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/[A-Za-z-]+/((clinician|nurse|family)/(answers(/[a-z0-9-]+)?|editorial-policy)|choose)(\?|$)"
        || (req.url ~ "^/api/v1/" && req.url !~ "^/api/v1/editorial")
        || req.url ~ "^/static/"
        || req.url ~ "^/(robots\.txt|sitemap\.xml|sitemaps/[0-9]+\.xml|favicon\.ico)(\?|$)") {
        # Shared: nothing of the reader's shapes what is kept.
        unset req.http.Cookie;
        unset req.http.Authorization;
        # While a replica is healthy, a stale object is served only within stale-while-revalidate (Tailor's
        # TAILOR_CACHE_STALE_WHILE_REVALIDATE, 60 s by default); when it is not, within stale-if-error.
        if (std.healthy(req.backend_hint)) {
            set req.grace = 60s;
        }
        return (hash);
    }
    # Bare URLs (decided by the preference cookie and Accept-Language), the preferences form, the
    # editorial pages and API (they keep their session cookie), feedback, search, health and metrics.
    return (pass);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (beresp.status != 200 || beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "(private|no-store|no-cache)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Varnish reads max-age into ttl and stale-while-revalidate into grace; stale-if-error becomes the
    # grace instead, which vcl_recv narrows back while Tailor is healthy.
    if (beresp.http.Cache-Control ~ "stale-if-error=[0-9]+") {
        set beresp.grace = std.duration(
            regsub(beresp.http.Cache-Control, "^.*stale-if-error=([0-9]+).*$", "\1s"), beresp.grace);
    }
    set beresp.http.Tailor-Path = bereq.url;
    return (deliver);
}

sub vcl_deliver {
    # HIT or MISS: what the cache did for this request.
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.Tailor-Path;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
}
