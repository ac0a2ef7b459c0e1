//! Cost of one call through the generated client against the same call written by hand with
//! reqwest, both to a loopback server that answers every request with the same token reply.
//! Run with `cargo bench -p benchmarks --bench per_call`.
//!
//! Client and server share one single-threaded runtime: a call then costs the work both sides
//! do, not the time an idle core takes to wake up, which otherwise dominates and varies.

use std::net::SocketAddr;
use std::time::Duration;

use divan::{Bencher, black_box};
use generated_client::Client;
use generated_client::models::{OAuthTokenGenerateRequest, OAuthTokenResponse};
use generated_client::reqwest;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

const TOKEN_REPLY: &str = r#"{"access_token":"access-123","token_type":"Bearer","refresh_token":"refresh-456","expires_in":86400,"state":"state-789"}"#;

fn main() {
    divan::main();
}

/// The generated client with its defaults (10 s connect and 30 s request timeout, 4 MiB
/// reply limit), sent to the server as its base URL.
#[divan::bench(sample_count = 2_000)]
fn generated(bencher: Bencher) {
    let runtime = runtime();
    let client = Client::builder()
        .base_url(format!("http://{}", server(&runtime)))
        .build()
        .unwrap();
    let request = request();
    let call = || runtime.block_on(client.oauth_token_generate(black_box(&request)).send());
    call().unwrap();
    bencher.bench_local(|| call().unwrap());
}

/// What a careful hand-written call does: the same timeouts, the body serialized with
/// serde_json, the status checked, the whole reply read and decoded into the same struct.
#[divan::bench(sample_count = 2_000)]
fn hand_written(bencher: Bencher) {
    let runtime = runtime();
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let url = format!("http://{}/oauth/token", server(&runtime));
    let request = request();
    let call = || runtime.block_on(hand_written_call(&http, &url, black_box(&request)));
    call().unwrap();
    bencher.bench_local(|| call().unwrap());
}

async fn hand_written_call(
    http: &reqwest::Client,
    url: &str,
    body: &OAuthTokenGenerateRequest,
) -> Result<OAuthTokenResponse, Box<dyn std::error::Error>> {
    let response = http
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(body)?)
        .send()
        .await?;
    let status = response.status();
    let bytes = response.bytes().await?;
    if !status.is_success() {
        return Err(format!("status {status}").into());
    }
    Ok(serde_json::from_slice(&bytes)?)
}

fn request() -> OAuthTokenGenerateRequest {
    OAuthTokenGenerateRequest::new("client-id", "client-secret", "auth-code", "state-789")
}

/// One thread for client and server.
fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Starts a loopback server on `runtime` and returns its address. It serves until the
/// runtime is dropped at the end of the benchmark.
fn server(runtime: &Runtime) -> SocketAddr {
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let address = listener.local_addr().unwrap();
    runtime.spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(serve(socket));
        }
    });
    address
}

/// Answers each request on a kept-alive connection with the token reply, until the client
/// closes it.
async fn serve(socket: TcpStream) {
    let reply = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         x-ratelimit-limit: 100\r\nx-ratelimit-remaining: 99\r\nx-ratelimit-reset: 1700000000\r\n\
         \r\n{TOKEN_REPLY}",
        TOKEN_REPLY.len()
    );
    let (read, mut write) = socket.into_split();
    let mut reader = BufReader::new(read);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let mut length = 0;
        loop {
            line.clear();
            match reader.read_line(&mut line).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        body.resize(length, 0);
        if reader.read_exact(&mut body).await.is_err()
            || write.write_all(reply.as_bytes()).await.is_err()
        {
            return;
        }
    }
}
