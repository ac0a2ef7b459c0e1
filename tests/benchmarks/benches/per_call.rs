//! Cost of one call through the generated client against the same call written by hand with
//! reqwest, both to a loopback server that answers every request with the same token reply.
//! Run with `cargo bench -p benchmarks --bench per_call`.
//!
//! Client and server share one single-threaded runtime: a call then costs the work both sides
//! do, not the time an idle core takes to wake up, which otherwise dominates and varies.
//!
//! It first runs both sides call by call in turn on one server and prints the median of
//! the per-round ratios: other work on the machine then weighs on both sides alike, which
//! divan's one-after-the-other runs that follow cannot promise.
//! `PER_CALL_ONLY=generated|hand_written PER_CALL_CALLS=N` instead makes just N calls of one
//! side and exits, for counting instructions (`valgrind --tool=callgrind`).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use divan::{Bencher, black_box};
use generated_client::Client;
use generated_client::models::{OAuthTokenGenerateRequest, OAuthTokenResponse};
use generated_client::reqwest;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::runtime::Runtime;

const TOKEN_REPLY: &str = r#"{"access_token":"access-123","token_type":"Bearer","refresh_token":"refresh-456","expires_in":86400,"state":"state-789"}"#;

/// Rounds, and calls per side in each round.
const ROUNDS: usize = 60;
const CALLS: u32 = 200;

fn main() {
    if let Ok(side) = std::env::var("PER_CALL_ONLY") {
        let calls = std::env::var("PER_CALL_CALLS").map_or(1_000, |n| n.parse().unwrap());
        return only(&side, calls);
    }
    paired();
    divan::main();
}

/// The two sides, built on one runtime and pointed at one server.
struct Sides {
    runtime: Runtime,
    client: Client,
    http: reqwest::Client,
    url: String,
    request: OAuthTokenGenerateRequest,
}

impl Sides {
    fn new() -> Self {
        let runtime = runtime();
        let address = server(&runtime);
        Self {
            client: generated_client(address),
            http: hand_written_client(),
            url: format!("http://{address}/oauth/token"),
            request: request(),
            runtime,
        }
    }

    fn generated(&self) {
        let call = self.client.oauth_token_generate(black_box(&self.request));
        black_box(self.runtime.block_on(call.send()).unwrap());
    }

    fn hand_written(&self) {
        let call = hand_written_call(&self.http, &self.url, black_box(&self.request));
        black_box(self.runtime.block_on(call).unwrap());
    }

    /// The time of one call.
    fn time(&self, call: fn(&Self)) -> Duration {
        let start = Instant::now();
        call(self);
        start.elapsed()
    }
}

/// The median of `times`, which it sorts.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Both sides call by call in turn (ABBA order, so that neither always goes first). Each
/// round keeps the median call of each side, which leaves out calls that the scheduler
/// interrupted; prints the median over rounds of each side, and of the rounds' ratios.
fn paired() {
    let sides = Sides::new();
    for _ in 0..CALLS {
        sides.generated();
        sides.hand_written();
    }
    let (mut generated, mut hand_written, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut g, mut h) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        g.clear();
        h.clear();
        for pair in 0..CALLS {
            if pair % 2 == 0 {
                g.push(sides.time(Sides::generated));
                h.push(sides.time(Sides::hand_written));
            } else {
                h.push(sides.time(Sides::hand_written));
                g.push(sides.time(Sides::generated));
            }
        }
        let (g, h) = (median(&mut g), median(&mut h));
        generated.push(g);
        hand_written.push(h);
        ratios.push(g.as_secs_f64() / h.as_secs_f64());
    }
    let micros = |times: &mut Vec<Duration>| {
        let median = median(times).as_secs_f64() * 1e6;
        format!(
            "median {median:.2} µs, fastest round {:.2} µs",
            times[0].as_secs_f64() * 1e6
        )
    };
    ratios.sort_by(f64::total_cmp);
    let percent = |ratio: f64| (ratio - 1.0) * 100.0;
    println!("paired: {ROUNDS} rounds of {CALLS} calls per side, call by call in turn");
    println!("  generated     {}", micros(&mut generated));
    println!("  hand_written  {}", micros(&mut hand_written));
    println!(
        "  generated against hand_written: median {:+.1}%, middle half of rounds {:+.1}% to {:+.1}%",
        percent(ratios[ROUNDS / 2]),
        percent(ratios[ROUNDS / 4]),
        percent(ratios[ROUNDS * 3 / 4]),
    );
}

/// `calls` calls of one side and nothing else.
fn only(side: &str, calls: u32) {
    let sides = Sides::new();
    let call = match side {
        "generated" => Sides::generated,
        "hand_written" => Sides::hand_written,
        other => panic!("PER_CALL_ONLY is `generated` or `hand_written`, not `{other}`"),
    };
    for _ in 0..calls {
        call(&sides);
    }
}

/// The generated client with its defaults (10 s connect and 30 s request timeout, 4 MiB
/// reply limit), sent to the server as its base URL.
#[divan::bench(sample_count = 2_000)]
fn generated(bencher: Bencher) {
    let runtime = runtime();
    let client = generated_client(server(&runtime));
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
    let http = hand_written_client();
    let url = format!("http://{}/oauth/token", server(&runtime));
    let request = request();
    let call = || runtime.block_on(hand_written_call(&http, &url, black_box(&request)));
    call().unwrap();
    bencher.bench_local(|| call().unwrap());
}

fn generated_client(address: SocketAddr) -> Client {
    Client::builder()
        .base_url(format!("http://{address}"))
        .build()
        .unwrap()
}

fn hand_written_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
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
