pub async fn seed(_config: crate::Config) -> anyhow::Result<()> { anyhow::bail!("not yet") }
