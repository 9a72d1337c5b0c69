//! The local default: each message becomes an `.eml` file a mail client can open.

use lettre::{AsyncFileTransport, AsyncTransport, Tokio1Executor};

use super::{Composer, EmailSender, OutgoingEmail, SendError};

/// Writes `<folder>/<random id>.eml`.
pub struct FileSender {
    transport: AsyncFileTransport<Tokio1Executor>,
    composer: Composer,
}

impl FileSender {
    /// Creates the folder if needed.
    pub fn new(folder: &str, composer: Composer) -> anyhow::Result<Self> {
        std::fs::create_dir_all(folder)?;
        Ok(Self {
            transport: AsyncFileTransport::new(folder),
            composer,
        })
    }
}

#[async_trait::async_trait]
impl EmailSender for FileSender {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendError> {
        let message = self.composer.compose(email)?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(|err| SendError::Transient {
                class: "file".to_owned(),
                detail: err.to_string(),
            })
    }
}
