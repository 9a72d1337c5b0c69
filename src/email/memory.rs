//! The test sink: keeps what it was given.

use std::sync::{Arc, Mutex, PoisonError};

use super::{Composer, EmailSender, OutgoingEmail, SendError};

/// One message the sink accepted, with the bytes an SMTP relay would have received.
#[derive(Debug, Clone)]
pub struct SentEmail {
    pub email: OutgoingEmail,
    pub raw: Vec<u8>,
}

/// Keeps every message in memory.
#[derive(Clone)]
pub struct InMemorySender {
    composer: Composer,
    sent: Arc<Mutex<Vec<SentEmail>>>,
}

impl InMemorySender {
    pub fn new(composer: Composer) -> Self {
        Self {
            composer,
            sent: Arc::default(),
        }
    }

    /// Everything sent so far.
    pub fn sent(&self) -> Vec<SentEmail> {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[async_trait::async_trait]
impl EmailSender for InMemorySender {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendError> {
        let raw = self.composer.compose(email)?.formatted();
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(SentEmail {
                email: email.clone(),
                raw,
            });
        Ok(())
    }
}
