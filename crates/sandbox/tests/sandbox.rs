//! The five simulators started together answer the `curl` commands `paydesk-sandbox` prints,
//! as a reader would paste them.

use paydesk_sandbox::all::{Sandbox, SandboxConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_printed_curl_example_answers_json() {
    let mut config = SandboxConfig::demo(3);
    config.tickers = false;
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    let endpoints = sandbox.endpoints();
    assert_eq!(endpoints.len(), 5);
    for endpoint in endpoints {
        assert!(endpoint.api_base_url.starts_with("http://127.0.0.1:"));
        let command = format!("{} -w '\\n%{{http_code}}'", endpoint.curl_example);
        let output = tokio::process::Command::new("sh")
            .arg("-c")
            .arg(&command)
            .output()
            .await
            .expect("curl runs");
        let text = String::from_utf8_lossy(&output.stdout);
        let (body, status) = text.rsplit_once('\n').expect("status line");
        assert_eq!(status, "200", "{}: {command}\n{body}", endpoint.provider);
        let json: serde_json::Value = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {body}", endpoint.provider));
        assert!(json.is_object(), "{}: {body}", endpoint.provider);
        assert_ne!(
            json.get("success"),
            Some(&serde_json::Value::Bool(false)),
            "{body}"
        );
    }
    sandbox.stop();
}
