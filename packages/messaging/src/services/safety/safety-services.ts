import { type BlockService, createBlockService } from './blocks.js';
import { createInboxControlService, type InboxControlService } from '../conversations/inbox-controls.js';
import { createMemberPreferenceService, type MemberPreferenceService } from './member-preferences.js';
import { createReportService, type ReportService } from './reports.js';
import { createSuspensionService, type SuspensionService } from './suspensions.js';
import type { UserDirectory } from '../conversations/user-directory.js';
import type { MessagingContext } from '../../context.js';

/** The member-safety services the routes use; built once per instance by createMessaging. */
export interface SafetyServices {
  blocks: BlockService;
  inboxControls: InboxControlService;
  preferences: MemberPreferenceService;
  reports: ReportService;
  suspensions: SuspensionService;
  directory: UserDirectory;
}

/** Builds the instance's member-safety services, once, in createMessaging (the routes and the thread page share them). */
export function createSafetyServices(ctx: MessagingContext, directory: UserDirectory): SafetyServices {
  return {
    blocks: createBlockService(ctx),
    inboxControls: createInboxControlService(ctx),
    preferences: createMemberPreferenceService(ctx),
    reports: createReportService(ctx),
    suspensions: createSuspensionService(ctx),
    directory,
  };
}
