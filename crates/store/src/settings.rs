//! The app's settings as plain key/value text (`migrations/0301_settings.sql`); what each key
//! means, its default and its checks belong to the desk.

use std::collections::BTreeMap;

use crate::error::StoreError;
use crate::store::Store;

impl Store {
    /// Every stored setting, by key.
    pub async fn settings(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.reader)
            .await?;
        Ok(rows.into_iter().collect())
    }

    /// Writes these settings together (all or none).
    pub async fn save_settings(&self, values: &[(&str, String)]) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        for (key, value) in values {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES (?, ?) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[tokio::test]
    async fn settings_survive_a_reopen_and_overwrite() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("settings.sqlite3");
        let store = Store::open(&path).await.expect("open");
        assert!(store.settings().await.expect("read").is_empty());
        store
            .save_settings(&[
                ("sync_interval_minutes", "5".into()),
                ("default_mode", "live".into()),
            ])
            .await
            .expect("save");
        store
            .save_settings(&[("sync_interval_minutes", "10".into())])
            .await
            .expect("save again");
        store.close().await;
        let store = Store::open(&path).await.expect("reopen");
        let settings = store.settings().await.expect("read");
        assert_eq!(
            settings.get("sync_interval_minutes").map(String::as_str),
            Some("10")
        );
        assert_eq!(
            settings.get("default_mode").map(String::as_str),
            Some("live")
        );
        assert_eq!(settings.len(), 2);
    }
}
