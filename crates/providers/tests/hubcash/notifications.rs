//! Notifications: list, read, delivery to a local receiver, resend.

use super::*;

/// A local receiver for notification deliveries (plain HTTP/1.1 over tokio): answers
/// `status`, records bodies.
async fn receiver(status: Arc<AtomicU16>) -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds");
    let addr = listener.local_addr().expect("address");
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut data = Vec::new();
            let mut buf = [0u8; 4096];
            loop {
                let n = socket.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                data.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&data).to_string();
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if data.len() >= end + 4 + length {
                        seen.lock().expect("lock").push(text[end + 4..].to_string());
                        break;
                    }
                }
            }
            let code = status.load(Ordering::SeqCst);
            let reply =
                format!("HTTP/1.1 {code} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    (format!("http://{addr}"), bodies)
}

#[tokio::test]
async fn notifications_list_get_deliver_and_resend() {
    let (running, client) = start(60).await;
    let sim = running.sim.clone();
    let listed = client
        .notifications(Page {
            offset: 0,
            rows: 100,
        })
        .await
        .expect("listed");
    assert_eq!(listed.len(), 100);
    assert!(listed.iter().any(|n| n.last_response_code == 500));
    assert!(listed.iter().any(|n| n.last_response_code == 0));
    let one = client
        .notification(&listed[0].notification_id)
        .await
        .expect("read");
    assert_eq!(one, listed[0]);
    let e = client
        .notification("58c040b32d8baf18526217f5")
        .await
        .expect_err("unknown");
    assert_eq!(
        (e.http_status, e.code.as_deref()),
        (Some(404), Some("NotificationId"))
    );
    // Resend needs a URL.
    let e = client
        .resend_notification(&listed[0].notification_id)
        .await
        .expect_err("no URL");
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            ErrorKind::Validation,
            "URL: Notification URL not configured"
        )
    );

    let status = Arc::new(AtomicU16::new(200));
    let (server, bodies) = receiver(status.clone()).await;
    sim.set_notification_url(Some(format!("{server}/hook")));
    let before = sim.notification_count();
    let sale = client
        .create_sale(&card_sale("PD-n1", 20_000, true, "0001"))
        .await
        .expect("created");
    assert_eq!(sim.notification_count(), before + 3, "1, 2 and 7");
    assert_eq!(sim.deliver_notifications().await, 3);
    let latest = client
        .notifications(Page { offset: 0, rows: 3 })
        .await
        .expect("listed");
    assert!(
        latest
            .iter()
            .all(|n| n.last_response_code == 200 && n.sale.sale_id == sale.sale.sale_id)
    );
    assert_eq!(latest[0].sale.status, HubcashStatus::Done);
    assert_eq!(latest[2].sale.status, HubcashStatus::Processed);
    let posted = bodies.lock().expect("lock").clone();
    assert_eq!(posted.len(), 3);
    assert!(posted[0].starts_with("{\"Notification\":{"));

    // The receiver fails: the resend answers 200 and carries 500; the frozen status stays.
    status.store(500, Ordering::SeqCst);
    sim.advance(Duration::minutes(1));
    let resent = client
        .resend_notification(&latest[2].notification_id)
        .await
        .expect("resent");
    assert_eq!(resent.last_response_code, 500);
    assert_eq!(resent.sale.status, HubcashStatus::Processed);
    assert_eq!(
        resent.date_updated.as_deref(),
        Some("2026-11-20T12:01:00 GMT")
    );
    // The endpoint is down: no answer, 0.
    let mut knobs = Knobs::instant();
    knobs.notification_endpoint_down = true;
    sim.set_knobs(knobs);
    let resent = client
        .resend_notification(&latest[2].notification_id)
        .await
        .expect("resent");
    assert_eq!(resent.last_response_code, 0);
    let log = sim.deliveries();
    assert_eq!(log.len(), 5);
    assert!(log[3].resend && log[3].code == 500);
    assert_eq!(bodies.lock().expect("lock").len(), 4);
    let e = client
        .resend_notification("nope")
        .await
        .expect_err("unknown");
    assert_eq!(e.http_status, Some(404));
}

#[tokio::test]
async fn failed_deliveries_are_retried_only_with_auto_retry() {
    let (running, client) = start(0).await;
    let sim = running.sim.clone();
    let status = Arc::new(AtomicU16::new(500));
    let (server, bodies) = receiver(status.clone()).await;
    sim.set_notification_url(Some(format!("{server}/hook")));
    client
        .create_sale(&card_sale("PD-r0", 10_000, true, "0001"))
        .await
        .expect("created");
    assert_eq!(sim.deliver_notifications().await, 3);
    sim.advance(Duration::hours(1));
    assert_eq!(sim.deliver_notifications().await, 0, "no automatic retries");

    let mut knobs = Knobs::instant();
    knobs.auto_retry = true;
    sim.set_knobs(knobs);
    client
        .create_sale(&card_sale("PD-r1", 10_000, true, "0001"))
        .await
        .expect("created");
    assert_eq!(sim.deliver_notifications().await, 3);
    let latest = client
        .notifications(Page { offset: 0, rows: 3 })
        .await
        .expect("listed");
    assert!(latest.iter().all(|n| n.last_response_code == 500));
    assert_eq!(
        sim.deliver_notifications().await,
        0,
        "the retry is not due yet"
    );
    status.store(204, Ordering::SeqCst);
    sim.advance(Duration::seconds(10));
    assert_eq!(sim.deliver_notifications().await, 3);
    let latest = client
        .notifications(Page { offset: 0, rows: 3 })
        .await
        .expect("listed");
    assert!(latest.iter().all(|n| n.last_response_code == 204));
    sim.advance(Duration::hours(1));
    assert_eq!(sim.deliver_notifications().await, 0, "delivered: done");
    assert_eq!(bodies.lock().expect("lock").len(), 9);
}
