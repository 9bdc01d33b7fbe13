//! Who is calling: the client address, believed from proxy headers only
//! when the direct peer is a configured trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The trusted proxies, as app data.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|p| self.0.contains(&p))
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

/// The client's IP. Behind a trusted proxy: `CF-Connecting-IP`, else the
/// right-most address of `X-Forwarded-For` that is not itself a trusted
/// proxy (the left-most entries are whatever the client chose to send).
pub fn client_ip(req: &HttpRequest) -> Option<IpAddr> {
    let direct = peer(req);
    let Some(trusted) = req.app_data::<TrustedProxies>() else {
        return direct;
    };
    if !trusted.trusts(direct) {
        return direct;
    }
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(ip) = header("cf-connecting-ip").and_then(|v| v.trim().parse().ok()) {
        return Some(ip);
    }
    if let Some(chain) = header("x-forwarded-for") {
        for hop in chain.rsplit(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) if trusted.0.contains(&ip) => continue,
                Ok(ip) => return Some(ip),
                Err(_) => break,
            }
        }
    }
    direct
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(peer: &str, headers: &[(&str, &str)]) -> HttpRequest {
        let mut r = TestRequest::default()
            .peer_addr(format!("{peer}:4000").parse().unwrap())
            .app_data(TrustedProxies(vec!["10.0.0.1".parse().unwrap()]));
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
        let req = request("10.0.0.1", &[("cf-connecting-ip", "203.0.113.8")]);
        assert_eq!(client_ip(&req), Some("203.0.113.8".parse().unwrap()));
    }
}
