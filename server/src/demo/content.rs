//! The fixed demo content: the two WISPs (with their branding, settings and FAQ), the ticket
//! topics and how the conversation on each goes, plans, names, the equipment catalogue and the
//! service history texts.

use portal_api::{
    BrandColors, BrandCompany, BrandLogo, BrandPortal, Branding, Priority, StaffRole, WorkOrderKind, WorkOrderStatus,
};

use crate::tenants::TenantSettings;

// ---------------------------------------------------------------------------------------------
// The two demo WISPs
// ---------------------------------------------------------------------------------------------

/// The fixed facts of one demo WISP; everything else is generated from them.
pub(super) struct Profile {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    legal_name: &'static str,
    /// Staff e-mails and the website live under this domain.
    pub(super) domain: &'static str,
    pub(super) customer_prefix: &'static str,
    /// Customer numbers count up from here; phone numbers are derived from them.
    pub(super) first_customer_number: u32,
    pub(super) customer_email_domain: &'static str,
    /// Second octet of the tenant's 10.x management network.
    pub(super) management_net: u8,
    pub(super) rng_seed: u64,
    colors: BrandColors,
    support_phone: &'static str,
    support_hours: &'static str,
    welcome_message: &'static str,
    footer_text: &'static str,
    deep_link_scheme: &'static str,
    /// Display names of the owner, admin, technician and support agent, in [`ROLES`] order.
    pub(super) staff: [&'static str; 4],
    /// Installers who appear in service history besides the staff technician.
    pub(super) contractors: [&'static str; 2],
    /// Customers with a portal sign-in: the first customers of the tenant.
    pub(super) linked_customers: [LinkedCustomer; 2],
    /// The customer after them has no sign-in, to demonstrate sign-up by customer number and phone.
    pub(super) signup_customer: &'static str,
    pub(super) towns: &'static [&'static str],
    pub(super) roads: &'static [&'static str],
    pub(super) towers: &'static [&'static str],
    /// The tower both outages are on; the linked customers are served from it.
    pub(super) outage_tower: usize,
    pub(super) open_outage: &'static Topic,
    pub(super) past_outage: &'static Topic,
}

pub(super) struct LinkedCustomer {
    pub(super) name: &'static str,
    pub(super) email: &'static str,
    pub(super) signal_dbm: f64,
}

pub(super) const ROLES: [StaffRole; 4] =
    [StaffRole::Owner, StaffRole::Admin, StaffRole::Technician, StaffRole::Support];
pub(super) const OWNER: usize = 0;
pub(super) const ADMIN: usize = 1;
pub(super) const TECHNICIAN: usize = 2;
pub(super) const SUPPORT: usize = 3;

pub(super) fn ridgeline() -> Profile {
    Profile {
        id: "ridgeline",
        name: "Ridgeline Wireless",
        legal_name: "Ridgeline Wireless LLC",
        domain: "ridgeline.example",
        customer_prefix: "RW",
        first_customer_number: 1001,
        customer_email_domain: "example.com",
        management_net: 20,
        rng_seed: 1,
        colors: BrandColors {
            primary: "#1f5f3f".into(),
            secondary: "#57534e".into(),
            accent: "#c2410c".into(),
            background: "#ffffff".into(),
            text: "#1c1917".into(),
        },
        support_phone: "+1 555 010 0100",
        support_hours: "Mon–Fri 8 am–6 pm, Sat 9 am–1 pm (Mountain Time); outages are worked 24/7",
        welcome_message: "Welcome to Ridgeline Wireless support. Check for outages, follow your tickets and reach our \
                          team: we're local, and we pick up.",
        footer_text: "Ridgeline Wireless · Internet for the high country since 2012",
        deep_link_scheme: "ridgeline-portal",
        staff: ["Dana Whitfield", "Marcus Greene", "Eli Navarro", "Jess Park"],
        contractors: ["Cody Brandt", "Ray Delgado"],
        linked_customers: [
            LinkedCustomer { name: "Alex Demo", email: "alex.customer@example.com", signal_dbm: -58.0 },
            LinkedCustomer { name: "Jordan Demo", email: "jordan.customer@example.com", signal_dbm: -77.0 },
        ],
        signup_customer: "Taylor Signup",
        towns: &["Blue Fork", "Cedar Gap", "Pine Knob"],
        roads: &[
            "Eagle Ridge Rd",
            "Pine Knob Ln",
            "Blue Fork Hwy",
            "Cedar Gap Trl",
            "Hemlock Hollow Rd",
            "Old Quarry Rd",
            "Timberline Dr",
        ],
        towers: &["Tower 1 (Pine Knob)", "Tower 2 (Blue Fork)", "Tower 3 (Eagle Ridge)", "Cedar Gap relay"],
        outage_tower: 2,
        open_outage: &RIDGELINE_OPEN_OUTAGE,
        past_outage: &RIDGELINE_PAST_OUTAGE,
    }
}

pub(super) fn prairie_sky() -> Profile {
    Profile {
        id: "prairie-sky",
        name: "Prairie Sky Net",
        legal_name: "Prairie Sky Net Cooperative",
        domain: "prairiesky.example",
        customer_prefix: "PS",
        first_customer_number: 2001,
        customer_email_domain: "example.net",
        management_net: 40,
        rng_seed: 2,
        colors: BrandColors {
            primary: "#1d4ed8".into(),
            secondary: "#854d0e".into(),
            accent: "#b45309".into(),
            background: "#fffbeb".into(),
            text: "#1e293b".into(),
        },
        support_phone: "+1 555 010 0200",
        support_hours: "Mon–Sat 7 am–7 pm (Central Time); outages are worked 24/7",
        welcome_message: "Howdy from Prairie Sky Net! See what's happening on the network, open a ticket, or find a \
                          quick fix in our FAQ.",
        footer_text: "Prairie Sky Net · Member-owned rural internet",
        deep_link_scheme: "prairiesky-portal",
        staff: ["Helen Sorensen", "Tom Okafor", "Luis Ortega", "Kim Baxter"],
        contractors: ["Plains Tower Services", "Wade Jensen"],
        linked_customers: [
            LinkedCustomer { name: "Sam Demo", email: "sam.customer@example.net", signal_dbm: -61.0 },
            LinkedCustomer { name: "Riley Demo", email: "riley.customer@example.net", signal_dbm: -70.0 },
        ],
        signup_customer: "Quinn Signup",
        towns: &["Millbrook", "Oak Flats", "Dry Creek"],
        roads: &[
            "County Road 9",
            "Section Line Rd",
            "Wheatfield Ave",
            "Meadowlark Ln",
            "Old Mill Rd",
            "Prairie Dog Trl",
        ],
        towers: &["Grain Elevator (Millbrook)", "Water Tower (Oak Flats)", "Big Sky Hill", "County Road 9 relay"],
        outage_tower: 0,
        open_outage: &PRAIRIE_OPEN_OUTAGE,
        past_outage: &PRAIRIE_PAST_OUTAGE,
    }
}

pub(super) fn branding(p: &Profile) -> Branding {
    Branding {
        logo: BrandLogo { url: None, alt_text: format!("{} logo", p.name), favicon: None },
        colors: p.colors.clone(),
        company: BrandCompany {
            name: p.legal_name.into(),
            display_name: p.name.into(),
            support_email: format!("support@{}", p.domain),
            support_phone: p.support_phone.into(),
            support_hours: p.support_hours.into(),
            website: format!("https://{}", p.domain),
        },
        portal: BrandPortal {
            welcome_message: p.welcome_message.into(),
            footer_text: p.footer_text.into(),
            custom_css: String::new(),
            custom_domain: None,
        },
    }
}

pub(super) fn settings(p: &Profile) -> TenantSettings {
    TenantSettings { deep_link_scheme: p.deep_link_scheme.into(), ..TenantSettings::default() }
}

/// (category, question, answer)
pub(super) fn faq(p: &Profile) -> Vec<(&'static str, &'static str, String)> {
    let phone = p.support_phone;
    vec![
        (
            "Outages",
            "How do I know if there's an outage?",
            format!(
                "Open the Status page in this app: it lists every outage that affects your service, with updates from \
                 our team as we work on it. If nothing is listed and you're offline, open a ticket or call {phone}."
            ),
        ),
        (
            "Equipment",
            "How do I restart my equipment?",
            "Unplug the router and the small power adapter (PoE injector) for the outdoor radio. Wait 30 seconds, plug \
             the power adapter back in first, then the router, and give it 3 minutes before testing again."
                .into(),
        ),
        (
            "Equipment",
            "My dish looks crooked. Can I realign it myself?",
            "Please don't. The radio is aimed at our tower to within a few degrees, and climbing onto a roof is \
             dangerous. Open a ticket and a technician will realign it; there's no charge when wind or a storm moved it."
                .into(),
        ),
        (
            "Billing",
            "How does billing work?",
            format!(
                "Your plan is billed monthly in advance. Plan changes are prorated to the day, so the first bill after \
                 a change can differ from the usual amount. Questions about a bill? Open a ticket or call {phone}."
            ),
        ),
        (
            "Speed",
            "How do I run a proper speed test?",
            "Plug a computer into the router with a network cable, pause streaming and downloads, then run a test at \
             speedtest.net. A test over Wi-Fi measures your Wi-Fi, not your internet link. If the result is well below \
             your plan, send it to us in a ticket."
                .into(),
        ),
        (
            "Speed",
            "Why is my internet slower in the evening?",
            "Evenings are when everyone streams at once. If your speed drops far below your plan every evening, tell \
             us: we watch how busy each tower is and can move you to a quieter sector."
                .into(),
        ),
        (
            "Support",
            "When can I reach support?",
            format!(
                "{}. Call {phone} or e-mail support@{}. You can open a ticket in this app at any time.",
                p.support_hours, p.domain
            ),
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Ticket topics: what a ticket is about and how the conversation on it goes
// ---------------------------------------------------------------------------------------------

pub(super) struct Topic {
    pub(super) title: &'static str,
    pub(super) description: &'static str,
    pub(super) kind: WorkOrderKind,
    pub(super) priority: Priority,
    /// Support's first public reply.
    pub(super) ack: &'static str,
    /// A question that puts the ticket in `waiting_on_customer`, and the customer's answer.
    pub(super) question: Option<(&'static str, &'static str)>,
    /// Always starts with "Internal:", so a leak into a customer view is easy to spot.
    pub(super) internal: &'static str,
    /// The public reply that resolves the ticket.
    pub(super) resolution: &'static str,
}

static SLOW_EVENINGS: Topic = Topic {
    title: "Slow speeds in the evening",
    description: "Speed tests are fine during the day, but every evening from about 7 to 10 pm we drop to 3-5 Mbps \
                  and streaming keeps buffering.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Thanks for the report. Evening slowdowns usually mean a busy sector or a weak link; we're checking both \
          from our side now.",
    question: Some((
        "Could you run a speed test at speedtest.net around 8 pm tonight, with a computer plugged into the router by \
         cable, and send us the result?",
        "Ran it at 8:15 pm on the laptop with a cable: 4.2 down, 1.1 up. During the day it was 48 down.",
    )),
    internal: "Internal: Sector AP is at 85% airtime at peak. Customer is on legacy plan, check billing before \
               offering a sector move.",
    resolution: "We moved your radio to a less busy sector this afternoon. Evening speeds should now match your plan; \
                 let us know if they don't.",
};

static STORM_OUTAGE: Topic = Topic {
    title: "No connection after storm",
    description: "Internet went out during last night's thunderstorm and hasn't come back. The router lights are on \
                  but nothing loads.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Sorry you're offline. We can't reach your radio from our network, so we're scheduling a technician to check \
          the outdoor equipment.",
    question: Some((
        "Is the small power adapter (PoE injector) for the roof radio showing a light? It's usually near the router, \
         with two network cables.",
        "No light on the adapter at all. I tried another outlet, same thing.",
    )),
    internal: "Internal: Likely a surge-killed PoE injector. Bring a spare injector and a surge protector; the \
               original install has no ground block.",
    resolution: "Our technician replaced the power adapter damaged by the storm and added surge protection. You're \
                 back online.",
};

static DISH_ALIGNMENT: Topic = Topic {
    title: "Dish knocked out of alignment",
    description: "High winds yesterday and the dish on the roof looks like it's pointing down. The connection keeps \
                  dropping.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Thanks for the heads-up, and please don't climb up to adjust it yourself. We'll send a technician to re-aim \
          it safely.",
    question: Some((
        "Will someone be home tomorrow morning, or can our technician work from the yard without coming in?",
        "Nobody's home until noon, but the side gate is open and the ladder hooks are by the garage.",
    )),
    internal: "Internal: Signal dropped from -61 to -79 dBm at 3:12 pm yesterday. Mount is a J-arm on the chimney; \
               bring the long ladder.",
    resolution: "The dish is re-aimed and the mount tightened. Your signal is back to -60 dBm.",
};

static ROUTER_REBOOTS: Topic = Topic {
    title: "Router keeps rebooting",
    description: "Our router restarts itself several times a day. Everything drops for a couple of minutes each time.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks, we can see the router dropping off several times a day too. We're checking its logs remotely.",
    question: Some((
        "Is the router on a power strip together with other devices? A failing power supply can cause this.",
        "It's on a power strip with the TV and a space heater.",
    )),
    internal: "Internal: Router uptime never over 6 h and the crash log shows power loss. Send a replacement power \
               supply; the router is out of warranty.",
    resolution: "We've swapped the router's power supply, and it has now run for 48 hours without a restart.",
};

static MOVE_TO_BARN: Topic = Topic {
    title: "Request to move service to barn",
    description: "We're turning the barn into a workshop and want internet out there. Can you move the radio, or \
                  add one?",
    kind: WorkOrderKind::Installation,
    priority: Priority::Low,
    ack: "Happy to help! Moving the radio to the barn is usually a half-day job. We'll check the line of sight from \
          there first.",
    question: Some((
        "Is there power in the barn, and roughly how far is it from the house?",
        "Yes, there's power. It's about 150 feet from the house.",
    )),
    internal: "Internal: Barn roof has a clear view to the tower on the satellite photo. Quote the standard \
               relocation fee, waive the trip charge.",
    resolution: "Your radio is now on a mast on the barn with a cable run back to the house. Both buildings have a \
                 good signal.",
};

static RAIN_DROPS: Topic = Topic {
    title: "Connection drops when it rains",
    description: "Every time it rains hard the internet cuts out for a few minutes at a time.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks. Drops in rain usually point to a small signal margin or water in a connector. We're looking at \
          your signal history.",
    question: Some((
        "Do the drops also happen in fog or snow, or only in heavy rain?",
        "Mostly heavy rain. Last week's fog was fine.",
    )),
    internal: "Internal: Signal is -77 dBm on a dry day, so rain fade is expected. Swap in a higher-gain dish \
               rather than re-aiming.",
    resolution: "We installed a higher-gain dish. Your signal improved by 10 dB, which leaves plenty of margin for \
                 rain.",
};

static WIFI_UPSTAIRS: Topic = Topic {
    title: "Wi-Fi doesn't reach upstairs",
    description: "Speed is great next to the router but the upstairs bedrooms barely get any Wi-Fi.",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "That sounds like Wi-Fi coverage inside the house rather than your internet link, which looks healthy. \
          Let's find the best fix.",
    question: Some((
        "Where is the router now: which floor and room?",
        "In the basement, in the utility room next to the water heater.",
    )),
    internal: "Internal: Customer asked about mesh units. Offer the mesh add-on at the promo price.",
    resolution: "We added a mesh access point on the second floor. The upstairs rooms now get full speed.",
};

static ROUTER_LOGIN: Topic = Topic {
    title: "Can't log in to router settings",
    description: "I want to change the Wi-Fi password but the router's settings page says my password is wrong.",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "We can help with that. The router's admin password is not the same as the Wi-Fi password.",
    question: None,
    internal: "Internal: Router was installed before we set per-customer admin passwords. Reset it remotely and \
               give the customer the new one by phone.",
    resolution: "We reset the router's admin password and called you with the new one. You can now change the Wi-Fi \
                 password yourself.",
};

static BILLING_QUESTION: Topic = Topic {
    title: "Question about my last bill",
    description: "My last bill was $15 higher than usual. Did something change?",
    kind: WorkOrderKind::Support,
    priority: Priority::Low,
    ack: "Thanks for asking. We're looking at your account and will explain the difference.",
    question: None,
    internal: "Internal: The difference is the prorated charge for the plan change on the 12th. No billing error.",
    resolution: "The extra amount is the partial month of your plan change. Your next bill is the regular monthly \
                 price of your new plan.",
};

static PLAN_UPGRADE: Topic = Topic {
    title: "Upgrade to a faster plan",
    description: "The kids stream and I work from home now. What faster plans can we get at our address?",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Great question! Your signal is strong enough for any of our plans. We'll confirm the options for you.",
    question: Some((
        "Would you like the change to take effect right away, or at the start of your next billing cycle?",
        "Right away, please.",
    )),
    internal: "Internal: Check sector capacity before upgrading; AP 3 is close to its limit.",
    resolution: "Your plan is upgraded. Restart your router and the new speed is active.",
};

static VIDEO_CALLS: Topic = Topic {
    title: "Video calls keep freezing",
    description: "Work video calls freeze for a few seconds every few minutes. Browsing seems fine.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Freezing calls usually mean short bursts of packet loss. We've started monitoring your connection closely.",
    question: Some((
        "Are you on Wi-Fi or a cable during the calls, and is anyone else streaming at the same time?",
        "Wi-Fi in the back office. My son is usually gaming at the same time.",
    )),
    internal: "Internal: No loss on the radio link; the loss is on the customer's Wi-Fi (channel 6 is crowded). \
               Suggest a cable to the office or the 5 GHz band.",
    resolution: "We moved your router to a quieter Wi-Fi channel and turned on prioritisation for video calls. Calls \
                 have been smooth since.",
};

static POE_LIGHT_OFF: Topic = Topic {
    title: "Power adapter light is off",
    description: "The little box that powers the roof antenna has no light and we have no internet.",
    kind: WorkOrderKind::Repair,
    priority: Priority::High,
    ack: "Thanks: that adapter powers your outdoor radio, so without it you're offline. We're sending a replacement.",
    question: None,
    internal: "Internal: Third PoE failure in this neighbourhood this month. Check the grounding on the newer \
               installs.",
    resolution: "We replaced the power adapter and your service is back up.",
};

static TREE_GROWTH: Topic = Topic {
    title: "Trees growing into the signal path",
    description: "Our signal has gotten worse since spring. The pines along the driveway have grown a lot.",
    kind: WorkOrderKind::Repair,
    priority: Priority::Normal,
    ack: "Thanks. Branches and leaves block wireless signals, so we'll check whether raising the radio solves it.",
    question: Some(("Would you be OK with us mounting a taller mast on the side of the house?", "Yes, that's fine.")),
    internal: "Internal: Needs a 10 ft mast extension. Customer is on legacy plan, check billing before dispatching.",
    resolution: "We raised your radio above the tree line on a taller mast. Your signal is strong again.",
};

static GAMING_LATENCY: Topic = Topic {
    title: "Ping spikes while gaming",
    description: "Ping jumps from 30 ms to over 300 ms during online games, mostly at night.",
    kind: WorkOrderKind::Support,
    priority: Priority::Normal,
    ack: "Thanks for the details. We're checking latency on your link and on your tower's backhaul.",
    question: Some((
        "Could you send us the time of the next spike you notice, so we can match it against our graphs?",
        "Last night at 9:40 pm and again at 10:05 pm.",
    )),
    internal: "Internal: Spikes line up with backhaul saturation at peak. The capacity upgrade is planned; don't \
               promise a date.",
    resolution: "We upgraded the link between your tower and our core network. Latency now stays low at peak hours.",
};

static SHOP_ACCESS_POINT: Topic = Topic {
    title: "Add Wi-Fi in the machine shop",
    description: "Can you add a second access point in the machine shop? It's about 80 feet from the house.",
    kind: WorkOrderKind::Installation,
    priority: Priority::Low,
    ack: "Sure! We'll work out the best way to bring Wi-Fi to your shop.",
    question: Some((
        "Is there an existing cable or conduit between the house and the shop?",
        "There's an empty conduit we put in when we built the shop.",
    )),
    internal: "Internal: Pull outdoor-rated cable through the conduit; no need for a wireless bridge.",
    resolution: "The shop now has its own access point, connected to your router by cable.",
};

pub(super) static CUSTOMER_TOPICS: [&Topic; 15] = [
    &SLOW_EVENINGS,
    &STORM_OUTAGE,
    &DISH_ALIGNMENT,
    &ROUTER_REBOOTS,
    &MOVE_TO_BARN,
    &RAIN_DROPS,
    &WIFI_UPSTAIRS,
    &ROUTER_LOGIN,
    &BILLING_QUESTION,
    &PLAN_UPGRADE,
    &VIDEO_CALLS,
    &POE_LIGHT_OFF,
    &TREE_GROWTH,
    &GAMING_LATENCY,
    &SHOP_ACCESS_POINT,
];

/// Staff's own work on the network: no customer is attached.
pub(super) static MAINTENANCE_TOPICS: [Topic; 4] = [
    Topic {
        title: "Replace battery bank in tower cabinet",
        description: "The backup batteries failed their load test. Replace them before storm season.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Normal,
        ack: "Batteries ordered; the swap is booked for the next maintenance window.",
        question: None,
        internal: "Internal: Use the 100 Ah AGM units from the shop; old batteries go to the recycler.",
        resolution: "New batteries installed and the load test passed.",
    },
    Topic {
        title: "Firmware upgrade on sector access points",
        description: "The vendor fixed the memory leak behind the weekly AP reboots. Roll it out in the 2-4 am \
                      maintenance window.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Normal,
        ack: "Upgrade scheduled for the next maintenance window.",
        question: None,
        internal: "Internal: Upgrade one sector first and watch it for a day before doing the rest.",
        resolution: "All sector APs run the new firmware; no reboots since.",
    },
    Topic {
        title: "Trim trees at the relay site",
        description: "Branches are getting close to the relay dish's path. Book the tree service.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::Low,
        ack: "Tree service booked.",
        question: None,
        internal: "Internal: Landowner wants 48 hours' notice before anyone drives up the track.",
        resolution: "Trees trimmed; the path is clear for at least two seasons.",
    },
    Topic {
        title: "Replace failing backhaul radio",
        description: "The backhaul link to the relay shows rising errors and 3 dB less signal than last month.",
        kind: WorkOrderKind::Maintenance,
        priority: Priority::High,
        ack: "Replacement radio on order.",
        question: None,
        internal: "Internal: Swap during the maintenance window; the relay's customers lose service for about 20 \
                   minutes.",
        resolution: "Backhaul radio replaced; errors are gone and the signal is back to normal.",
    },
];

/// The installation of a customer who signed up but is not connected yet.
pub(super) static NEW_INSTALL: Topic = Topic {
    title: "New installation",
    description: "New customer: site survey done, line of sight confirmed. Schedule the installation.",
    kind: WorkOrderKind::Installation,
    priority: Priority::Normal,
    ack: "Welcome aboard! Your installation is booked, and our technician will call you the day before.",
    question: Some((
        "Will someone be home on the installation day to let our technician in?",
        "Yes, I'll be home all day.",
    )),
    internal: "Internal: Survey found a clear line of sight from the roof ridge; bring the 5 ft mast.",
    resolution: "Installation complete. Welcome to the network!",
};

static RIDGELINE_OPEN_OUTAGE: Topic = Topic {
    title: "Tower 3 (Eagle Ridge) backhaul down",
    description: "The microwave link between Eagle Ridge and our core network went down this morning. Customers \
                  served from Tower 3 have no internet.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "We know about the outage for customers served from Eagle Ridge, and a crew is on the way. We'll post \
          updates here.",
    question: None,
    internal: "Internal: Backhaul radio unreachable but site power is fine, so suspect the radio itself. Take the \
               spare from the shop. The ridge road is washed out; use the 4x4.",
    resolution: "Service from Eagle Ridge is restored. Sorry for the interruption.",
};

static RIDGELINE_PAST_OUTAGE: Topic = Topic {
    title: "Tower 3 (Eagle Ridge) power failure",
    description: "Utility power at Eagle Ridge failed and the backup batteries ran flat after four hours.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "We're aware of an outage for customers served from Eagle Ridge and are working on it.",
    question: None,
    internal: "Internal: Generator did not start (failed transfer switch). Order a new transfer switch.",
    resolution: "Power is back at Eagle Ridge and every customer is online again. Sorry for the interruption.",
};

static PRAIRIE_OPEN_OUTAGE: Topic = Topic {
    title: "North sector outage after lightning strike",
    description: "Lightning hit the Millbrook grain elevator site early this morning; the north sector access point \
                  is down.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "A lightning strike knocked out our north sector in Millbrook. A crew is heading out with replacement \
          equipment; we'll post updates here.",
    question: None,
    internal: "Internal: Surge took out the north AP and maybe its switch port. Needs a climber: Plains Tower \
               Services booked for 11 am.",
    resolution: "The north sector is back online with new equipment. Thanks for your patience.",
};

static PRAIRIE_PAST_OUTAGE: Topic = Topic {
    title: "Millbrook tower offline after ice storm",
    description: "Ice on the backhaul dish at the Millbrook grain elevator dropped the link to our core network.",
    kind: WorkOrderKind::Outage,
    priority: Priority::Urgent,
    ack: "The ice storm has taken our Millbrook tower offline. We're on it.",
    question: None,
    internal: "Internal: Order radome covers for every backhaul dish before next winter.",
    resolution: "The ice is cleared and the Millbrook tower is back online.",
};

/// The linked customers' own tickets: one waiting for their answer, one being worked on, two done,
/// as (topic, days ago, status).
pub(super) static LINKED_TICKETS: [[(&Topic, i64, WorkOrderStatus); 4]; 2] = [
    [
        (&SLOW_EVENINGS, 2, WorkOrderStatus::WaitingOnCustomer),
        (&ROUTER_REBOOTS, 5, WorkOrderStatus::InProgress),
        (&DISH_ALIGNMENT, 24, WorkOrderStatus::Resolved),
        (&BILLING_QUESTION, 70, WorkOrderStatus::Closed),
    ],
    [
        (&RAIN_DROPS, 3, WorkOrderStatus::WaitingOnCustomer),
        (&WIFI_UPSTAIRS, 6, WorkOrderStatus::Assigned),
        (&TREE_GROWTH, 35, WorkOrderStatus::Closed),
        (&PLAN_UPGRADE, 90, WorkOrderStatus::Closed),
    ],
];

// ---------------------------------------------------------------------------------------------
// Plans, names, the equipment catalogue and service history texts
// ---------------------------------------------------------------------------------------------

pub(super) struct Plan {
    pub(super) name: &'static str,
    pub(super) down_mbps: f64,
    pub(super) up_mbps: f64,
    pub(super) monthly_price_cents: i64,
    /// How common the plan is among demo customers.
    pub(super) share: u32,
}

pub(super) static PLANS: [Plan; 4] = [
    Plan { name: "Basic 25/5", down_mbps: 25.0, up_mbps: 5.0, monthly_price_cents: 4999, share: 30 },
    Plan { name: "Standard 50/10", down_mbps: 50.0, up_mbps: 10.0, monthly_price_cents: 6999, share: 40 },
    Plan { name: "Premium 100/20", down_mbps: 100.0, up_mbps: 20.0, monthly_price_cents: 8999, share: 20 },
    Plan { name: "Farm & Ranch 200/40", down_mbps: 200.0, up_mbps: 40.0, monthly_price_cents: 12999, share: 10 },
];

pub(super) const FIRST_NAMES: [&str; 20] = [
    "Avery", "Blake", "Casey", "Dakota", "Emery", "Finley", "Harper", "Jesse", "Kendall", "Logan", "Morgan", "Parker",
    "Reese", "Rowan", "Sage", "Skyler", "Tatum", "Wren", "Bailey", "Marlow",
];
pub(super) const LAST_NAMES: [&str; 20] = [
    "Aspenwood",
    "Birchfield",
    "Cedarly",
    "Dustbury",
    "Elmsworth",
    "Fernhill",
    "Glenbrook",
    "Hollowell",
    "Ironwood",
    "Juniperson",
    "Kestrelton",
    "Larkspur",
    "Meadowby",
    "Oakhurst",
    "Pinecrest",
    "Quarrytown",
    "Stonebrook",
    "Thistlewood",
    "Willowby",
    "Yarrowfield",
];

pub(super) const RADIOS: [(&str, &str); 5] = [
    ("Ubiquiti", "LiteBeam 5AC Gen2"),
    ("Ubiquiti", "PowerBeam 5AC 500"),
    ("Cambium", "ePMP Force 300-25"),
    ("Cambium", "ePMP Force 300-19"),
    ("Mikrotik", "SXTsq 5 ac"),
];
pub(super) const ROUTERS: [(&str, &str); 4] = [
    ("TP-Link", "Archer AX55"),
    ("Ubiquiti", "UniFi Express"),
    ("Mikrotik", "hAP ax2"),
    ("Netgear", "Nighthawk R6700"),
];

pub(super) const REPAIRS: [&str; 5] = [
    "Replaced water-damaged PoE injector and sealed the outdoor connector",
    "Re-aimed dish after a wind storm; signal improved by 8 dB",
    "Replaced router with failing Wi-Fi radio",
    "Replaced UV-cracked outdoor cable from the roof to the house",
    "Added a surge protector and ground block after a lightning strike nearby",
];
pub(super) const RELOCATIONS: [&str; 3] = [
    "Moved radio from the house roof to a mast on the barn for a clearer line of sight",
    "Moved radio to the other end of the roof, away from a new satellite dish",
    "Moved service to the new house on the same property",
];

#[cfg(test)]
mod tests {
    use super::*;
    use portal_api::{contrast_ratio, WCAG_AA_TEXT_CONTRAST};

    #[test]
    fn brand_colours_meet_wcag_aa_on_their_background() {
        for profile in [ridgeline(), prairie_sky()] {
            let c = &profile.colors;
            for colour in [&c.text, &c.primary, &c.secondary, &c.accent] {
                let ratio = contrast_ratio(colour, &c.background).unwrap();
                assert!(ratio >= WCAG_AA_TEXT_CONTRAST, "{} {colour} on {}: {ratio:.2}", profile.id, c.background);
            }
            // Buttons put white text on the primary and accent colours.
            for colour in [&c.primary, &c.accent] {
                assert!(
                    contrast_ratio(colour, "#ffffff").unwrap() >= WCAG_AA_TEXT_CONTRAST,
                    "{} white on {colour}",
                    profile.id
                );
            }
        }
    }
}
