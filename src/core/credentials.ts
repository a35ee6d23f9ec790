const SECRET_KEY_RE = /(secret|password|passwd|token|credential|private\.key|access\.key|secret\.key|sas\.|jaas\.config|\.key$)/i;
const SECRET_KEY_SAFE_RE = /(\.provider|\.file|file|\.path|\.name|\.enabled|\.class|itemkey|bitlength|\.type|\.ttl|renewal|\.location|\.secretname|keyname|\.algorithm|secretkeyref|\.secrets\.)/i;

/** Whether a conf key holds a credential (so its value must come from a Secret). */
export function isCredentialKey(key: string): boolean {
  if (/\.fs\.azure\.(account\.key|sas)\./i.test(key)) return true;
  const last = key.split('.').slice(-3).join('.');
  return SECRET_KEY_RE.test(last) && !SECRET_KEY_SAFE_RE.test(last);
}

/** Whether an environment variable name says it holds a credential. */
export function isCredentialEnvName(name: string): boolean {
  return /(SECRET|PASSWORD|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/.test(name.toUpperCase());
}
