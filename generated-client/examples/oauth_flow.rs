//! The whole OAuth flow against one base URL: print the authorize URL, exchange a demo code
//! for a token set, refresh it once it has expired, and make a client that sends the new
//! access token. It prints progress, never a secret.
//!
//! ```sh
//! cargo run -p generated-client --example oauth_flow -- http://127.0.0.1:8080
//! ```

use std::error::Error;
use std::io::Write;
use std::time::Duration;

use generated_client::Client;
use generated_client::oauth::{
    AppCredentials, Authorization, AuthorizationCode, ClientId, ClientSecret, CsrfToken,
};

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
    let app = AppCredentials::new(
        ClientId::new("demo-client-id"),
        ClientSecret::new("demo-client-secret"),
    );

    let authorization = Authorization::new(&app.client_id)?;
    writeln!(out, "1. send the user to {}", authorization.url())?;
    // In a real app the callback receives `code` and `state`; check the state first.
    let (code, returned_state) = (
        AuthorizationCode::new(DEMO_CODE),
        CsrfToken::new(authorization.state().secret()),
    );
    if !authorization.verify_state(&returned_state) {
        return Err("the callback's state does not match".into());
    }

    let mut tokens = app.exchange_code(&client, code, &returned_state).await?;
    writeln!(
        out,
        "2. exchanged the code: {} token, expires in {} s",
        tokens.token_type().unwrap_or("unknown"),
        tokens
            .expires_in()
            .map_or_else(|| "?".to_owned(), |lifetime| lifetime.as_secs().to_string()),
    )?;

    if tokens
        .refresh_if_needed(&client, Some(&app), Duration::from_secs(60))
        .await?
    {
        writeln!(out, "3. the token had expired: refreshed it")?;
    } else {
        writeln!(out, "3. the token is still valid: no refresh needed")?;
    }

    // Calls that need the access token go through a client sharing the same connections.
    let _api = client.with_bearer_token(tokens.access_token().clone());
    writeln!(
        out,
        "done: holding a {} token",
        tokens.token_type().unwrap_or("unknown")
    )?;
    Ok(())
}
