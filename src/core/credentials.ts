const SECRET_KEY_RE = /(secret|password|passwd|token|credential|private\.key|access\.key|secret\.key|sas\.|jaas\.config|\.key$)/i;
const SECRET_KEY_SAFE_RE = /(\.provider|\.file|file|\.path|\.name|\.enabled|\.class|itemkey|bitlength|\.type|\.ttl|renewal|\.location|\.secretname|keyname|\.algorithm|secretkeyref|\.secrets\.)/i;

/** Keys whose value names a Secret (`<secret>:<key>`, a mount path), not a credential. */
const SECRET_REFERENCE_KEY_RE = /^spark\.kubernetes\.(?:driver|executor)\.(?:secretKeyRef|secrets)\./;

/** Keys that set an environment variable: the variable's name says whether its value is a credential. */
const ENV_KEY_RE = /^spark\.(?:kubernetes\.driverEnv|executorEnv|yarn\.appMasterEnv)\.(.+)$/;

/** Pod labels and annotations Spark sets from `spark.kubernetes.<role>.[service.]annotation|label.<key>`. */
const METADATA_KEY_RE = /^spark\.kubernetes\.(?:driver|executor)\.(?:service\.)?(?:annotation|label)\.(.+)$/;

/**
 * Values that refer to a secret kept elsewhere rather than being one: an AWS ARN (a KMS key, a
 * Secrets Manager secret), a Google Cloud KMS key name, an Azure Key Vault key URL, or a `${...}`
 * placeholder that Spark or Hadoop replaces (`${env:NAME}`, `${env.NAME}`).
 */
const REFERENCE_VALUE_RES: readonly RegExp[] = [
  /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:\S+$/,
  /^projects\/[^/\s]+\/locations\/[^/\s]+\/keyRings\/[^/\s]+\/cryptoKeys\/[^/\s]+(?:\/cryptoKeyVersions\/[^/\s]+)?$/,
  /^https:\/\/[a-z0-9-]+\.vault\.azure\.net\/(?:keys|secrets)\/\S+$/i,
  /^\$\{[^}]+\}$/,
];

/**
 * Keys that name an encryption key (`fs.s3a.encryption.key`, `fs.s3a.server-side-encryption.key`):
 * with SSE-KMS they hold the KMS key's id or alias, a reference; with SSE-C the key itself.
 */
const ENCRYPTION_KEY_RE = /(?:^|\.)(?:server-side-)?encryption[.-]key$/i;
const KMS_ID_RES: readonly RegExp[] = [
  /^alias\/[\w/+=,.@-]+$/,
  /^(?:mrk-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^mrk-[0-9a-f]{32}$/i,
];

/** Whether a value refers to a secret kept elsewhere (an ARN, a KMS key name, a `${...}` placeholder) rather than being one. */
export function isSecretReference(value: string, key?: string): boolean {
  const v = value.trim();
  if (REFERENCE_VALUE_RES.some(re => re.test(v))) return true;
  return key !== undefined && ENCRYPTION_KEY_RE.test(key) && KMS_ID_RES.some(re => re.test(v));
}

/**
 * Whether a conf key holds a credential (so its value must come from a Secret). With the value,
 * a reference to a secret kept elsewhere (a KMS key ARN or id, a `${env:...}` placeholder) is not one.
 * Keys that name Secrets (`spark.kubernetes.*.secretKeyRef.*`, `*.secrets.*`), environment
 * variables whose name says they hold a path (`*_FILE`, `*_PATH`), and pod labels and annotations
 * (Vault agent's `agent-inject-secret-*`) are not credentials either.
 */
export function isCredentialKey(key: string, value?: string): boolean {
  if (value !== undefined && isSecretReference(value, key)) return false;
  if (SECRET_REFERENCE_KEY_RE.test(key)) return false;
  const env = ENV_KEY_RE.exec(key);
  if (env) return isCredentialEnvName(env[1]);
  // Pod labels and annotations are metadata: secret injectors (Vault agent's
  // vault.hashicorp.com/agent-inject-secret-<file>: <vault path>) and checksums (checksum/secret)
  // name secrets without holding them.
  if (METADATA_KEY_RE.test(key)) return false;
  if (/\.fs\.azure\.(account\.key|sas)\./i.test(key)) return true;
  const last = key.split('.').slice(-3).join('.');
  return SECRET_KEY_RE.test(last) && !SECRET_KEY_SAFE_RE.test(last);
}

/**
 * Whether an environment variable name says it holds a credential. Names ending in `_FILE`,
 * `_PATH`, `_DIR` or `_LOCATION` hold where a credential is (AWS_WEB_IDENTITY_TOKEN_FILE,
 * KRB5_CLIENT_KTNAME_PATH), and GOOGLE_APPLICATION_CREDENTIALS holds a file path by definition.
 */
export function isCredentialEnvName(name: string): boolean {
  const n = name.toUpperCase();
  if (/_(?:FILE|FILES|FILENAME|PATH|DIR|LOCATION)$/.test(n) || n === 'GOOGLE_APPLICATION_CREDENTIALS') return false;
  return /(SECRET|PASSWORD|TOKEN|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/.test(n);
}
