// Lists upcoming procurement votes. Text is inserted with textContent only, never as HTML.
const QUERY = `{ upcomingVotes(withinDays: 60, first: 50) { totalCount edges { node {
  title action meeting { localStartsAt body { name } }
  subject { __typename ... on Contract { vendor { name } currentValue { display } }
            ... on Solicitation { estimatedValue { display } agency { name } } } } } } }`;

function line(text, className) {
  const element = document.createElement("span");
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

async function load() {
  const status = document.getElementById("votes-status");
  const list = document.getElementById("votes");
  try {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(body.errors[0].message);
    const votes = body.data.upcomingVotes;
    status.textContent = `${votes.totalCount} procurement items are scheduled.`;
    for (const { node } of votes.edges) {
      const item = document.createElement("li");
      const when = new Date(node.meeting.localStartsAt).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      item.append(line(node.title, "title"), line(`${node.meeting.body.name}, ${when}`, "when"));
      const subject = node.subject;
      if (subject && subject.__typename === "Contract") {
        item.append(line(`${subject.vendor.name} · ${subject.currentValue.display}`, "facts"));
      } else if (subject && subject.__typename === "Solicitation") {
        const value = subject.estimatedValue ? ` · estimated ${subject.estimatedValue.display}` : "";
        item.append(line(`${subject.agency.name}${value}`, "facts"));
      }
      list.append(item);
    }
  } catch (error) {
    status.textContent = `Could not load upcoming votes: ${error.message}`;
  }
}

load();
