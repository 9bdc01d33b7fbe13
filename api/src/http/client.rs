//! Who is calling: the client address, believed from the one header the
//! edge sets, and only when the direct peer is a configured trusted proxy.
//!
//! Believing any header a proxy forwards would let a client choose its own
//! address by sending that header itself, since the proxy passes it
//! through. So the deployment says which header its edge *sets* (nginx
//! overwrites `X-Forwarded-For`; Cloudflare sets `CF-Connecting-IP`), and
//! every other is ignored.

use std::net::{IpAddr, Ipv6Addr};

use actix_web::HttpRequest;

/// The trusted proxies and the header their edge sets, as app data.
#[derive(Debug, Clone)]
pub struct TrustedProxies {
    pub proxies: Vec<crate::config::ProxyNet>,
    /// Lower-case header name: `x-forwarded-for` (right-most untrusted hop)
    /// or a single-address header such as `cf-connecting-ip`.
    pub header: String,
    /// Lower-case name of the header with the client's country.
    pub country_header: String,
}

impl TrustedProxies {
    pub fn new(proxies: Vec<crate::config::ProxyNet>, header: &str, country_header: &str) -> Self {
        TrustedProxies {
            proxies,
            header: header.to_ascii_lowercase(),
            country_header: country_header.to_ascii_lowercase(),
        }
    }

    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|p| self.proxies.iter().any(|n| n.contains(p)))
    }
}

fn peer(req: &HttpRequest) -> Option<IpAddr> {
    req.peer_addr().map(|a| a.ip())
}

/// The request comes through a proxy we trust (its headers are believed).
pub fn from_trusted_proxy(req: &HttpRequest) -> bool {
    req.app_data::<TrustedProxies>()
        .is_some_and(|t| t.trusts(peer(req)))
}

/// The client's country as the edge reports it, from trusted proxies only
/// (anyone else could claim any country).
pub fn client_country(req: &HttpRequest) -> Option<String> {
    let trusted = req.app_data::<TrustedProxies>()?;
    if !trusted.trusts(peer(req)) {
        return None;
    }
    req.headers()
        .get(trusted.country_header.as_str())
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// The client's IP. Behind a trusted proxy, from the configured header
/// only: for `X-Forwarded-For`, the right-most address that is not itself
/// a trusted proxy (the left-most entries are whatever the client chose to
/// send); for any other header, its single address.
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let direct = peer(req);
    let Some(trusted) = req.app_data::<TrustedProxies>() else {
        return direct;
    };
    if !trusted.trusts(direct) {
        return direct;
    }
    // A proxy that appends its own line (HAProxy) leaves the client's line
    // first: the lines read as one list, the last written by our edge.
    let Some(lines) = req
        .headers()
        .get_all(trusted.header.as_str())
        .map(|v| v.to_str().ok())
        .collect::<Option<Vec<&str>>>()
    else {
        return direct;
    };
    let Some(last) = lines.last() else {
        return direct;
    };
    if trusted.header != "x-forwarded-for" {
        return last.trim().parse().ok().or(direct);
    }
    for hop in lines.iter().rev().flat_map(|line| line.rsplit(',')) {
        match hop.trim().parse::<IpAddr>() {
            Ok(ip) if trusted.trusts(Some(ip)) => continue,
            Ok(ip) => return Some(ip),
            Err(_) => break,
        }
    }
    direct
}

/// The key a client is counted under: its address, or for IPv6 its /64,
/// since one subscriber usually holds a whole /64 and could otherwise
/// rotate through billions of addresses.
pub fn client_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                let prefix = Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{prefix}/64")
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        request_via(peer, headers, "x-forwarded-for")
    }

    fn request_via(peer: &str, headers: &[(&str, &str)], edge_header: &str) -> HttpRequest {
        let mut r = TestRequest::default()
            .peer_addr(format!("{peer}:4000").parse().unwrap())
            .app_data(TrustedProxies::new(
                vec![crate::config::ProxyNet::try_from("10.0.0.1".to_owned()).unwrap()],
                edge_header,
                "cf-ipcountry",
            ));
        for (k, v) in headers {
            r = r.insert_header((*k, *v));
        }
        r.to_http_request()
    }

    #[test]
    fn headers_from_untrusted_peers_are_ignored() {
        let req = request(
            "198.51.100.9",
            &[
                ("x-forwarded-for", "1.2.3.4"),
                ("cf-connecting-ip", "5.6.7.8"),
            ],
        );
        assert_eq!(client_ip(&req), Some("198.51.100.9".parse().unwrap()));
    }

    #[test]
    fn trusted_proxy_headers_are_believed_right_to_left() {
        let req = request(
            "10.0.0.1",
            &[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.1")],
        );
        assert_eq!(client_ip(&req), Some("203.0.113.7".parse().unwrap()));
    }

    #[test]
    fn only_the_header_the_edge_sets_is_believed() {
        // Behind nginx, a client's own CF-Connecting-IP is passed through:
        // it must not choose the address.
        let req = request(
            "10.0.0.1",
            &[
                ("cf-connecting-ip", "203.0.113.8"),
                ("x-forwarded-for", "198.51.100.4"),
            ],
        );
        assert_eq!(client_ip(&req), Some("198.51.100.4".parse().unwrap()));
        // Behind Cloudflare, X-Forwarded-For is the client's to write.
        let req = request_via(
            "10.0.0.1",
            &[
                ("cf-connecting-ip", "203.0.113.8"),
                ("x-forwarded-for", "198.51.100.4"),
            ],
            "CF-Connecting-IP",
        );
        assert_eq!(client_ip(&req), Some("203.0.113.8".parse().unwrap()));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        let a = client_key("2001:db8:1:2:aaaa::1".parse().unwrap());
        let b = client_key("2001:db8:1:2:ffff:1:2:3".parse().unwrap());
        assert_eq!(a, b);
        assert_eq!(a, "2001:db8:1:2::/64");
        assert_ne!(a, client_key("2001:db8:1:3::1".parse().unwrap()));
        assert_eq!(client_key("::ffff:192.0.2.1".parse().unwrap()), "192.0.2.1");
        assert_eq!(client_key("192.0.2.1".parse().unwrap()), "192.0.2.1");
    }
}
