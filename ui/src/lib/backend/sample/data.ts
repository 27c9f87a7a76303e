// Sample data for a made-up provider and subscriber. Every name, number and address is fake
// (555-01xx phone numbers, example.com addresses) so a screenshot can never show a real person.
import type {
  Branding,
  CustomerProfile,
  FaqEntry,
  PortalStatus,
  PortalTicket,
  PortalTicketSummary,
} from '../../types';

export const SAMPLE_BRANDING: Branding = {
  logo: { url: null, altText: 'Ridgeline Wireless', favicon: null },
  colors: {
    primary: '#0b6e4f',
    secondary: '#36454f',
    accent: '#d97706',
    background: '#ffffff',
    text: '#14213d',
  },
  company: {
    name: 'Ridgeline Wireless',
    displayName: 'Ridgeline Wireless',
    supportEmail: 'help@ridgeline.example',
    supportPhone: '+1 555 010 0100',
    supportHours: 'Mon–Fri 8:00–18:00, Sat 9:00–13:00',
    website: 'https://ridgeline.example',
  },
  portal: {
    welcomeMessage: 'Thanks for choosing Ridgeline Wireless. We are a small team and we read every ticket.',
    footerText: 'Ridgeline Wireless · Internet for the hills and hollows',
    customCss: '',
    customDomain: null,
  },
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The sample provider's reopen window (the server's default). */
export const REOPEN_WINDOW_DAYS = 14;

export type SampleWorld = {
  profile: CustomerProfile;
  status: PortalStatus;
  tickets: PortalTicket[];
  faq: FaqEntry[];
};

export function sampleWorld(now: Date, empty: boolean): SampleWorld {
  const at = (ago: number) => new Date(now.getTime() - ago).toISOString();

  const profile: CustomerProfile = {
    id: 'cus_sample_1001',
    tenantId: 'ridgeline',
    customerNumber: 'RW-1001',
    name: 'Alex Rivera',
    email: 'alex.customer@example.com',
    phone: '+15550101001',
    serviceAddress: '42 Example Ridge Road, Pine Hollow',
    plan: { name: 'Ridge 100', downMbps: 100, upMbps: 20, monthlyPriceCents: 6500 },
    serviceStatus: 'active',
    accountStatus: 'active',
    equipment: empty
      ? []
      : [
          {
            id: 'eq_1',
            kind: 'Radio',
            make: 'Example Networks',
            model: 'AirLink 5AC Lite',
            serial: 'SN-0000-4821',
            mac: '02:00:5E:10:00:21',
            signalDbm: -71,
            signalQuality: 'fair',
            installedAt: at(400 * DAY),
          },
          {
            id: 'eq_2',
            kind: 'Router',
            make: 'Example Networks',
            model: 'HomeRouter AX3',
            serial: 'SN-0000-9310',
            mac: '02:00:5E:10:00:22',
            signalDbm: null,
            signalQuality: null,
            installedAt: at(120 * DAY),
          },
        ],
    serviceHistory: empty
      ? []
      : [
          {
            id: 'ev_3',
            at: at(120 * DAY),
            kind: 'upgrade',
            summary: 'Upgraded to Ridge 100 and replaced the router.',
            technician: 'Sam K.',
          },
          {
            id: 'ev_2',
            at: at(300 * DAY),
            kind: 'repair',
            summary: 'Re-aimed the radio after a storm moved the mount.',
            technician: 'Jordan P.',
          },
          {
            id: 'ev_1',
            at: at(400 * DAY),
            kind: 'install',
            summary: 'Installed the roof radio, pointed at Tower 3.',
            technician: 'Sam K.',
          },
        ],
  };

  const outage: PortalTicketSummary = {
    id: 'tk_outage',
    number: 57,
    title: 'Tower 3 outage: power failure at the site',
    kind: 'outage',
    status: 'in_progress',
    createdAt: at(2 * HOUR + 10 * MINUTE),
    updatedAt: at(25 * MINUTE),
    isOutage: true,
  };

  const tickets: PortalTicket[] = empty
    ? []
    : [
        {
          ...outage,
          description:
            'The power feed to Tower 3 failed this morning. Customers on Tower 3 have no service.',
          resolvedAt: null,
          reopenUntil: null,
          comments: [
            {
              id: 'c_o1',
              authorKind: 'staff',
              authorName: 'Dana (Ridgeline support)',
              body: 'A crew is on the way to Tower 3. We expect service back by early afternoon.',
              createdAt: at(25 * MINUTE),
            },
          ],
          attachments: [],
          timeline: [
            { at: at(2 * HOUR + 10 * MINUTE), summary: 'Opened' },
            { at: at(90 * MINUTE), summary: 'Status: In progress' },
          ],
        },
        {
          id: 'tk_1',
          number: 61,
          title: 'Internet drops every evening',
          kind: 'repair',
          status: 'waiting_on_customer',
          createdAt: at(26 * HOUR),
          updatedAt: at(40 * MINUTE),
          isOutage: false,
          description:
            'Since Monday the connection drops for a few minutes around 7 pm, most evenings. The radio light goes orange.',
          resolvedAt: null,
          reopenUntil: null,
          comments: [
            {
              id: 'c_1',
              authorKind: 'customer',
              authorName: 'Alex Rivera',
              body: 'Photo of the lights on the radio when it happens.',
              createdAt: at(26 * HOUR),
            },
            {
              id: 'c_2',
              authorKind: 'staff',
              authorName: 'Dana (Ridgeline support)',
              body:
                'Thanks Alex. Your signal is a little weak, which shows up when it rains or the trees move. Could you tell us whether the drops happen in dry weather too?',
              createdAt: at(40 * MINUTE),
            },
          ],
          attachments: [
            {
              id: 'at_1',
              fileName: 'radio-lights.jpg',
              contentType: 'image/jpeg',
              sizeBytes: 482_113,
              sha256: '0'.repeat(64),
              createdAt: at(26 * HOUR),
              commentId: 'c_1',
            },
          ],
          timeline: [
            { at: at(26 * HOUR), summary: 'Opened' },
            { at: at(20 * HOUR), summary: 'Status: In progress' },
            { at: at(40 * MINUTE), summary: 'Status: Waiting on you' },
          ],
        },
        {
          id: 'tk_2',
          number: 48,
          title: 'Question about moving the router upstairs',
          kind: 'support',
          status: 'open',
          createdAt: at(3 * DAY),
          updatedAt: at(3 * DAY),
          isOutage: false,
          description: 'Can I move the router to the upstairs office myself, or does a technician need to come?',
          resolvedAt: null,
          reopenUntil: null,
          comments: [],
          attachments: [],
          timeline: [{ at: at(3 * DAY), summary: 'Opened' }],
        },
        {
          id: 'tk_3',
          number: 39,
          title: 'Slow speeds in the afternoon',
          kind: 'repair',
          status: 'resolved',
          createdAt: at(9 * DAY),
          updatedAt: at(5 * DAY),
          isOutage: false,
          description: 'Speed tests show about 20 Mbps between 3 and 6 pm.',
          resolvedAt: at(5 * DAY),
          reopenUntil: at((5 - REOPEN_WINDOW_DAYS) * DAY),
          comments: [
            {
              id: 'c_31',
              authorKind: 'staff',
              authorName: 'Jordan (Ridgeline support)',
              body: 'We moved you to a less busy channel on Tower 3. Speeds should be back to normal.',
              createdAt: at(5 * DAY + HOUR),
            },
          ],
          attachments: [],
          timeline: [
            { at: at(9 * DAY), summary: 'Opened' },
            { at: at(5 * DAY), summary: 'Status: Resolved' },
          ],
        },
        {
          id: 'tk_4',
          number: 22,
          title: 'Router admin password',
          kind: 'support',
          status: 'closed',
          createdAt: at(60 * DAY),
          updatedAt: at(58 * DAY),
          isOutage: false,
          description: 'I cannot log in to the router to change the Wi-Fi name.',
          resolvedAt: at(58 * DAY),
          reopenUntil: at((58 - REOPEN_WINDOW_DAYS) * DAY),
          comments: [],
          attachments: [],
          timeline: [
            { at: at(60 * DAY), summary: 'Opened' },
            { at: at(58 * DAY), summary: 'Status: Closed' },
          ],
        },
      ];

  const status: PortalStatus = {
    serviceStatus: 'active',
    openOutages: empty
      ? []
      : [
          {
            id: outage.id,
            number: outage.number,
            title: outage.title,
            status: outage.status,
            startedAt: outage.createdAt,
            updatedAt: outage.updatedAt,
          },
        ],
  };

  const faq: FaqEntry[] = [
    {
      id: 'faq_1',
      question: 'My internet is down. What should I check first?',
      answer:
        'Check that the power adapter for the roof radio (the small box indoors, often labelled PoE) has a light on. Unplug it for 30 seconds, plug it back in, and wait two minutes. If it is still down, open a ticket or call us.',
      category: 'Troubleshooting',
      position: 1,
    },
    {
      id: 'faq_2',
      question: 'Why is my connection slower when it rains?',
      answer:
        'Heavy rain and wet leaves weaken the radio signal between your roof and our tower. A good signal has enough margin; if yours is fair or poor, we can re-aim or upgrade the radio.',
      category: 'Troubleshooting',
      position: 2,
    },
    {
      id: 'faq_3',
      question: 'How do I change my Wi-Fi name and password?',
      answer:
        'Open a ticket with the category "Question or account" and we will walk you through it, or reset it for you.',
      category: 'Wi-Fi',
      position: 3,
    },
    {
      id: 'faq_4',
      question: 'Can I move my equipment myself?',
      answer:
        'You can move the router anywhere indoors. Please do not move the roof radio: it is aimed at the tower, and we re-aim it for free.',
      category: 'Equipment',
      position: 4,
    },
  ];

  return { profile, status, tickets, faq };
}

export function summaryOf(t: PortalTicket): PortalTicketSummary {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    kind: t.kind,
    status: t.status,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    isOutage: t.isOutage,
  };
}
