// One provider's branding in the studio: what is live, the staff member's draft (kept on this
// computer), the version the draft started from, and what publishing, reverting, the CSS check
// and the logo did. The screens read and change it; everything here can be driven in a test.
import { toProblem, type Problem } from '$lib/errors';
import { parseHex } from '$lib/color';
import type { BrandColors } from '$lib/generated/api/BrandColors';
import type { Branding } from '$lib/generated/api/Branding';
import type { BrandingVersion } from '$lib/generated/api/BrandingVersion';
import type { PublishedBranding } from '$lib/generated/api/PublishedBranding';
import type { SanitizedCss } from '$lib/generated/api/SanitizedCss';
import { hasErrors, type FieldErrors } from '$lib/validation';
import type { StudioBackend } from '../backend/backend';
import type { DraftStore } from './drafts';
import { diffBranding, type FieldChange } from './fields';
import { brandingErrors } from './validation';

export type EditorOptions = {
  backend: StudioBackend;
  tenantId: string;
  /** Owner or admin: may publish, revert and upload a logo. */
  canPublish: boolean;
  drafts: DraftStore;
};

/** A problem of the studio's own making, in the same shape as the core's. */
function refusal(message: string): Problem {
  return { code: 'validation', message, fields: {} };
}

export class BrandingEditor {
  readonly backend: StudioBackend;
  readonly tenantId: string;
  readonly canPublish: boolean;
  readonly #drafts: DraftStore;

  loading = $state(true);
  loadProblem: Problem | null = $state(null);
  /** The newest live version the studio knows of. */
  live: PublishedBranding | null = $state(null);
  draft: Branding | null = $state(null);
  /** The live version the draft started from: what publishing sends as `baseVersion`. */
  baseVersion = $state(0);
  /** Said once after loading: a draft was brought back, or one could not be read. */
  restoredNotice: string | null = $state(null);
  saveProblem: string | null = $state(null);

  versions: BrandingVersion[] | null = $state(null);
  versionsLoading = $state(false);
  versionsProblem: Problem | null = $state(null);

  publishing = $state(false);
  /** The version being reverted to. */
  reverting: number | null = $state(null);
  exporting = $state(false);
  choosingLogo = $state(false);
  /** Why the last publish, revert, export or logo upload did not happen. */
  actionProblem: Problem | null = $state(null);
  serverErrors: FieldErrors = $state({});

  /** The sanitiser's answer for the CSS it was last given. */
  css: { input: string; result: SanitizedCss } | null = $state(null);
  cssProblem: Problem | null = $state(null);
  #cssRequest = 0;

  /** The draft's logo as a `data:` URL for the preview. */
  logoPreview: string | null = $state(null);
  logoProblem: Problem | null = $state(null);
  #logos = new Map<string, Promise<string>>();

  readonly changes: FieldChange[] = $derived(this.live && this.draft ? diffBranding(this.live.branding, this.draft) : []);
  /** Someone published after the draft was started, and the draft has changes of its own. */
  readonly stale = $derived(this.live !== null && this.baseVersion !== this.live.version && this.changes.length > 0);
  readonly errors: FieldErrors = $derived({ ...(this.draft ? brandingErrors(this.draft) : {}), ...this.serverErrors });
  /** The sanitiser has seen the draft's CSS as it is now and removed nothing. */
  readonly cssClean = $derived(
    this.draft !== null && this.css?.input === this.draft.portal.customCss && this.css.result.removed.length === 0,
  );

  /**
   * What the preview shows: the draft, with only the sanitised CSS, the logo as a `data:` URL,
   * and the live colour for one that is not (yet) a valid `#rrggbb`.
   */
  readonly previewBranding: Branding | null = $derived.by(() => {
    if (!this.draft || !this.live) return null;
    const draft = $state.snapshot(this.draft) as Branding;
    const colors = { ...draft.colors };
    for (const key of Object.keys(colors) as (keyof BrandColors)[]) {
      if (!parseHex(colors[key])) colors[key] = this.live.branding.colors[key];
    }
    return {
      ...draft,
      colors,
      logo: { ...draft.logo, url: draft.logo.url ? this.logoPreview : null },
      portal: { ...draft.portal, customCss: this.css?.result.css ?? '' },
    };
  });

  constructor(options: EditorOptions) {
    this.backend = options.backend;
    this.tenantId = options.tenantId;
    this.canPublish = options.canPublish;
    this.#drafts = options.drafts;
  }

  async load(): Promise<void> {
    this.loading = true;
    this.loadProblem = null;
    void this.loadVersions();
    try {
      const live = await this.backend.getBranding(this.tenantId);
      this.live = live;
      const saved = this.#drafts.load();
      if (saved.kind === 'draft' && diffBranding(live.branding, saved.draft.branding).length > 0) {
        this.draft = saved.draft.branding;
        this.baseVersion = saved.draft.baseVersion;
        this.restoredNotice = 'Your draft from the last session is back, just as you left it.';
      } else {
        if (saved.kind === 'unreadable') {
          this.restoredNotice =
            'A draft saved on this computer could not be read (it may be from another version of the studio), so the editor starts from what is live.';
        }
        this.startFromLive();
      }
    } catch (error) {
      this.loadProblem = toProblem(error);
    } finally {
      this.loading = false;
    }
  }

  async loadVersions(): Promise<void> {
    this.versionsLoading = true;
    this.versionsProblem = null;
    try {
      this.versions = await this.backend.listVersions(this.tenantId);
    } catch (error) {
      this.versionsProblem = toProblem(error);
    } finally {
      this.versionsLoading = false;
    }
  }

  /** Keeps the draft on this computer (or forgets it when it is just what is live). */
  saveDraft(): void {
    if (!this.live || !this.draft) return;
    try {
      if (this.changes.length === 0 && this.baseVersion === this.live.version) this.#drafts.clear();
      else this.#drafts.save({ baseVersion: this.baseVersion, branding: $state.snapshot(this.draft) as Branding, savedAt: new Date().toISOString() });
      this.saveProblem = null;
    } catch {
      this.saveProblem = "This computer would not let the studio keep your draft: it will be lost if the studio closes.";
    }
  }

  /** A field was edited: the server's word on the old value no longer applies. */
  edited(): void {
    if (Object.keys(this.serverErrors).length > 0) this.serverErrors = {};
    this.saveDraft();
  }

  /** Drops the draft: the editor holds what is live. */
  startFromLive(): void {
    if (!this.live) return;
    this.draft = $state.snapshot(this.live.branding) as Branding;
    this.baseVersion = this.live.version;
    this.serverErrors = {};
    this.#drafts.clear();
  }

  /** After a conflict: keep the draft, now on top of the version that is live. */
  keepMine(): void {
    if (!this.live) return;
    this.baseVersion = this.live.version;
    this.saveDraft();
  }

  /** Asks the sanitiser about the draft's CSS unless it already answered for this text. */
  async checkCss(): Promise<void> {
    if (!this.draft) return;
    const input = this.draft.portal.customCss;
    if (this.css?.input === input) return;
    const request = ++this.#cssRequest;
    try {
      const result = await this.backend.sanitizeCss(input);
      if (request === this.#cssRequest) {
        this.css = { input, result };
        this.cssProblem = null;
      }
    } catch (error) {
      if (request === this.#cssRequest) this.cssProblem = toProblem(error);
    }
  }

  /** Replaces the draft's CSS with what the sanitiser kept. */
  useCleanedCss(): void {
    if (!this.draft || !this.css) return;
    this.draft.portal.customCss = this.css.result.css;
    this.edited();
    void this.checkCss();
  }

  /** The logo at `url` as a `data:` URL (asked once per URL; a failure is asked again next time). */
  logoData(url: string): Promise<string> {
    let data = this.#logos.get(url);
    if (!data) {
      data = this.backend.logoData(url);
      this.#logos.set(url, data);
      data.catch(() => this.#logos.delete(url));
    }
    return data;
  }

  async refreshLogoPreview(): Promise<void> {
    const url = this.draft?.logo.url ?? null;
    this.logoProblem = null;
    if (!url) {
      this.logoPreview = null;
      return;
    }
    try {
      const data = await this.logoData(url);
      if (this.draft?.logo.url === url) this.logoPreview = data;
    } catch (error) {
      if (this.draft?.logo.url === url) {
        this.logoPreview = null;
        this.logoProblem = toProblem(error);
      }
    }
  }

  async chooseLogo(): Promise<void> {
    if (!this.canPublish || this.choosingLogo) return;
    this.choosingLogo = true;
    this.actionProblem = null;
    try {
      const uploaded = await this.backend.chooseLogo(this.tenantId);
      if (uploaded && this.draft) {
        this.draft.logo.url = uploaded.url;
        if (!this.draft.logo.altText.trim()) this.draft.logo.altText = this.draft.company.displayName || this.draft.company.name;
        this.edited();
      }
    } catch (error) {
      this.actionProblem = toProblem(error);
    } finally {
      this.choosingLogo = false;
    }
  }

  removeLogo(): void {
    if (!this.draft) return;
    this.draft.logo.url = null;
    this.edited();
  }

  /** Sets one colour of the draft (the contrast panel's "Use suggested colour"). */
  setColor(key: keyof BrandColors, color: string): void {
    if (!this.draft) return;
    this.draft.colors[key] = color;
    this.edited();
  }

  /**
   * Whether the draft may go out (to the server or into a brand kit): its fields are valid and
   * the sanitiser removed nothing from its CSS. If not, `actionProblem` says why.
   */
  async checkReady(): Promise<boolean> {
    this.actionProblem = await this.#whatStopsIt();
    return this.actionProblem === null;
  }

  async #whatStopsIt(): Promise<Problem | null> {
    if (!this.draft) return refusal('The branding has not loaded yet.');
    if (hasErrors(brandingErrors(this.draft))) return refusal('Fix the fields marked in the editor first.');
    await this.checkCss();
    if (this.cssProblem) return this.cssProblem;
    if (!this.cssClean) {
      return refusal(
        'The custom CSS has parts that would be removed (listed under Custom CSS): take them out, or use the cleaned CSS, first.',
      );
    }
    return null;
  }

  /** Publishes the draft on top of the version it started from; true when it went live. */
  async publish(): Promise<boolean> {
    if (!this.canPublish || !this.live || !this.draft || this.publishing || this.stale) return false;
    this.serverErrors = {};
    this.publishing = true;
    try {
      if (!(await this.checkReady())) return false;
      this.#settle(await this.backend.publish(this.tenantId, this.baseVersion, $state.snapshot(this.draft) as Branding));
      return true;
    } catch (error) {
      const problem = toProblem(error);
      if (problem.code === 'conflict') await this.#learnWhatIsLive(problem);
      else {
        this.actionProblem = problem;
        this.serverErrors = problem.fields;
      }
      return false;
    } finally {
      this.publishing = false;
    }
  }

  /** Publishes an earlier version again (the draft is replaced by it); true when it went live. */
  async revert(version: number): Promise<boolean> {
    if (!this.canPublish || !this.live || this.reverting !== null) return false;
    this.actionProblem = null;
    this.reverting = version;
    try {
      this.#settle(await this.backend.revert(this.tenantId, version, this.live.version));
      return true;
    } catch (error) {
      const problem = toProblem(error);
      this.actionProblem = problem;
      if (problem.code === 'conflict') {
        // Someone published meanwhile: show what is live now, so the choice can be made again.
        void this.refreshLive();
      }
      return false;
    } finally {
      this.reverting = null;
    }
  }

  /** Writes a brand kit of the draft; the folder written, or null when cancelled or refused. */
  async exportKit(): Promise<string | null> {
    if (this.exporting) return null;
    this.exporting = true;
    try {
      if (!(await this.checkReady())) return null;
      return await this.backend.exportKit(this.tenantId, $state.snapshot(this.draft) as Branding);
    } catch (error) {
      this.actionProblem = toProblem(error);
      return null;
    } finally {
      this.exporting = false;
    }
  }

  async refreshLive(): Promise<void> {
    this.live = await this.backend.getBranding(this.tenantId);
    void this.loadVersions();
  }

  #settle(published: PublishedBranding): void {
    this.live = published;
    this.startFromLive();
    void this.loadVersions();
  }

  /** The server said someone published first: fetch their version; the draft stays as it is. */
  async #learnWhatIsLive(conflict: Problem): Promise<void> {
    const base = this.baseVersion;
    try {
      await this.refreshLive();
    } catch (error) {
      this.actionProblem = { ...conflict, message: `${conflict.message} ${toProblem(error).message}` };
      return;
    }
    if (this.live?.version === base) this.actionProblem = conflict;
    else if (this.changes.length === 0) this.startFromLive();
  }
}
