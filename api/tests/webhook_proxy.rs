//! The webhook sender ignores the environment's proxy settings: a proxy
//! would resolve the destination's name itself, where the guarded resolver
//! cannot judge the address. A process of its own, since the environment
//! is shared by every test of a process.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use renfort::webhooks::sender::{Outcome, Request, Sender};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn proxy_settings_in_the_environment_are_not_followed() {
    let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_url = format!("http://{}", proxy.local_addr().unwrap());
    let through_proxy = Arc::new(AtomicUsize::new(0));
    let counted = through_proxy.clone();
    tokio::spawn(async move {
        while proxy.accept().await.is_ok() {
            counted.fetch_add(1, Ordering::SeqCst);
        }
    });
    for name in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        std::env::set_var(name, &proxy_url);
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");

    let receiver = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&receiver)
        .await;
    // Loopback allowed, as in development: the only way to reach it.
    let sender = Sender::new(Duration::from_secs(3), true).unwrap();
    let url = format!("{}/hook", receiver.uri());
    let outcome = sender
        .send(Request {
            url: &url,
            id: "msg_proxy",
            timestamp: 0,
            signature: "v1,unused",
            body: "{}",
        })
        .await;
    assert!(matches!(outcome, Outcome::Delivered(204)), "{outcome:?}");
    assert_eq!(
        through_proxy.load(Ordering::SeqCst),
        0,
        "nothing went through the proxy"
    );
    assert_eq!(receiver.received_requests().await.unwrap().len(), 1);
}
