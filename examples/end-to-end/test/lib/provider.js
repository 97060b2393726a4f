// An OAuthClientProvider (MCP TypeScript SDK) that keeps everything in memory and, instead of opening a
// browser, remembers the authorization URL for the test's scripted browser.
import { randomUUID } from 'node:crypto';

export class InMemoryOAuthProvider {
  #clientInformation;
  #tokens;
  #codeVerifier;
  #discovery;
  #state;

  constructor({ redirectUrl, clientMetadata, clientMetadataUrl, clientInformation }) {
    this.redirectUrl = redirectUrl;
    this.clientMetadata = clientMetadata;
    if (clientMetadataUrl) this.clientMetadataUrl = clientMetadataUrl;
    this.#clientInformation = clientInformation;
    this.authorizationUrls = [];
  }

  state() {
    this.#state = randomUUID();
    return this.#state;
  }

  get lastState() {
    return this.#state;
  }

  clientInformation() {
    return this.#clientInformation;
  }

  saveClientInformation(information) {
    this.#clientInformation = information;
  }

  tokens() {
    return this.#tokens;
  }

  saveTokens(tokens) {
    this.#tokens = tokens;
  }

  redirectToAuthorization(url) {
    this.authorizationUrls.push(new URL(url));
  }

  saveCodeVerifier(verifier) {
    this.#codeVerifier = verifier;
  }

  codeVerifier() {
    return this.#codeVerifier;
  }

  discoveryState() {
    return this.#discovery;
  }

  saveDiscoveryState(state) {
    this.#discovery = state;
  }
}
