// Lists upcoming procurement votes, each with its public comment packet, and what each
// meeting's members were told before they vote. Text is inserted with textContent only, never
// as HTML.
const QUERY = `{ upcomingVotes(withinDays: 60, first: 50) { totalCount edges { node {
  id title action meeting { id localStartsAt body { name jurisdiction { timeZone } } }
  subject { __typename ... on Contract { vendor { name } currentValue { display } }
            ... on Solicitation { estimatedValue { display } agency { name } } } } } } }`;

const TOLD = `query($m: ID!) { node(id: $m) { ... on Meeting { localStartsAt body { name jurisdiction { timeZone } }
  sentDigests { leadDays sentAt subject text recipients { name } addedItems { title } } } } }`;

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(body.errors[0].message);
  return body.data;
}

// Dates are shown in the jurisdiction's time zone, as the glossary asks.
function when(instant, timeZone) {
  return new Date(instant).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short", timeZone });
}

function link(text, href) {
  const element = document.createElement("a");
  element.textContent = text;
  element.href = href;
  return element;
}

// "What your council was told": each digest and update as sent, one copy per meeting.
async function told(meetingIds) {
  const list = document.getElementById("told");
  for (const id of meetingIds) {
    const meeting = (await graphql(TOLD, { m: id })).node;
    for (const digest of meeting.sentDigests) {
      const entry = document.createElement("details");
      const summary = document.createElement("summary");
      const to = digest.recipients.map((r) => r.name).join(", ");
      const zone = meeting.body.jurisdiction.timeZone;
      summary.textContent = `${meeting.body.name}, ${when(meeting.localStartsAt, zone)}: ${digest.subject} (sent ${when(digest.sentAt, zone)} to ${to})`;
      const text = document.createElement("pre");
      text.textContent = digest.text;
      entry.append(summary, text);
      list.append(entry);
    }
  }
  if (!list.children.length) {
    document.getElementById("told-status").textContent = "No pre-vote digest has gone out yet for the meetings above.";
  }
}

function line(text, className) {
  const element = document.createElement("span");
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

async function load() {
  const status = document.getElementById("votes-status");
  const list = document.getElementById("votes");
  const meetings = [];
  try {
    const votes = (await graphql(QUERY)).upcomingVotes;
    status.textContent = `${votes.totalCount} procurement items are scheduled.`;
    for (const { node } of votes.edges) {
      const item = document.createElement("li");
      if (!meetings.includes(node.meeting.id)) meetings.push(node.meeting.id);
      item.append(line(node.title, "title"), line(`${node.meeting.body.name}, ${when(node.meeting.localStartsAt, node.meeting.body.jurisdiction.timeZone)}`, "when"));
      const subject = node.subject;
      if (subject && subject.__typename === "Contract") {
        item.append(line(`${subject.vendor.name} · ${subject.currentValue.display}`, "facts"));
      } else if (subject && subject.__typename === "Solicitation") {
        const value = subject.estimatedValue ? ` · estimated ${subject.estimatedValue.display}` : "";
        item.append(line(`${subject.agency.name}${value}`, "facts"));
      }
      const packet = document.createElement("span");
      packet.className = "facts";
      const base = `/agenda-items/${encodeURIComponent(node.id)}/comments`;
      packet.append("Public comments: ", link("CSV", `${base}.csv`), " · ", link("JSON", `${base}.json`));
      item.append(packet);
      list.append(item);
    }
  } catch (error) {
    status.textContent = `Could not load upcoming votes: ${error.message}`;
    return;
  }
  try {
    await told(meetings);
  } catch (error) {
    document.getElementById("told-status").textContent = `Could not load what officials were told: ${error.message}`;
  }
}

load();
