//! The whole OAuth flow against one base URL: print the authorize URL, exchange a demo code
//! for a token set, and refresh it once it has expired. It prints progress, never a secret.
//!
//! ```sh
//! cargo run -p generated-client --example oauth_flow -- http://127.0.0.1:8080
//! ```

use std::error::Error;
use std::io::Write;
use std::time::{Duration, SystemTime};

use generated_client::Client;
use generated_client::models::OAuthTokenGenerateRequest;
use generated_client::oauth::{AppCredentials, Authorization, TokenSet};

const CLIENT_ID: &str = "demo-client-id";
const CLIENT_SECRET: &str = "demo-client-secret";
const DEMO_CODE: &str = "demo-authorization-code";

// The workspace tests also compile this file and call `run`, so `main` is unused there.
#[cfg_attr(test, allow(dead_code))]
#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let Some(base_url) = std::env::args().nth(1) else {
        eprintln!("usage: oauth_flow BASE_URL   (every operation goes to BASE_URL)");
        std::process::exit(2);
    };
    run(&base_url, &mut std::io::stdout()).await
}

/// Runs the flow with every operation sent to `base_url`, writing progress to `out`.
pub async fn run(base_url: &str, out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let client = Client::builder()
        .base_url(base_url)
        .user_agent("oauth-flow-example")
        .build()?;

    let authorization = Authorization::new(CLIENT_ID)?;
    writeln!(out, "1. send the user to {}", authorization.url())?;
    // In a real app the callback receives `code` and `state`; check the state first.
    if !authorization.verify_state(authorization.state().expose_secret()) {
        return Err("the callback's state does not match".into());
    }

    let request = OAuthTokenGenerateRequest::new(
        CLIENT_ID,
        CLIENT_SECRET,
        DEMO_CODE,
        authorization.state().clone(),
    );
    let reply = client.oauth_token_generate(&request).await?;
    let mut tokens = TokenSet::from_response(&reply, SystemTime::now())?;
    writeln!(
        out,
        "2. exchanged the code: {} token, expires in {} s, {} requests left",
        tokens.token_type().unwrap_or("unknown"),
        reply
            .expires_in
            .map_or_else(|| "?".to_owned(), |s| s.to_string()),
        reply
            .declared_headers()
            .x_rate_limit_remaining
            .map_or_else(|| "?".to_owned(), |n| n.to_string()),
    )?;

    let app = AppCredentials {
        client_id: CLIENT_ID.to_owned(),
        client_secret: CLIENT_SECRET.into(),
    };
    if tokens
        .refresh_if_needed(&client, Some(&app), Duration::from_secs(60))
        .await?
    {
        writeln!(out, "3. the token had expired: refreshed it")?;
    } else {
        writeln!(out, "3. the token is still valid: no refresh needed")?;
    }
    writeln!(
        out,
        "done: holding a {} token",
        tokens.token_type().unwrap_or("unknown")
    )?;
    Ok(())
}
