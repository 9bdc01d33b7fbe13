//! Telling a refused certificate from a server that is merely down.

/// Whether a connection error is a certificate refused (unknown authority,
/// wrong host name, expired) or a failed TLS handshake: a mistake of
/// configuration, which no retry mends. The drivers (sqlx, redis-rs) pass
/// rustls's reasons on as text only.
pub fn is_refusal(error: &str) -> bool {
    let error = error.to_ascii_lowercase();
    [
        "certificate",
        "unknownissuer",
        "notvalidforname",
        "handshake",
        "tls",
        "ssl",
    ]
    .iter()
    .any(|word| error.contains(word))
}

#[cfg(test)]
mod tests {
    #[test]
    fn certificates_refused_are_told_from_servers_down() {
        assert!(super::is_refusal("invalid peer certificate: UnknownIssuer"));
        assert!(super::is_refusal(
            "certificate not valid for name \"127.0.0.1\"; certificate is only valid for DnsName(\"localhost\")"
        ));
        assert!(!super::is_refusal("Connection refused (os error 111)"));
        assert!(!super::is_refusal(
            "pool timed out while waiting for an open connection"
        ));
    }
}
