// What the simulation simplifies, said in the UI (docs/SIMPLIFICATIONS.md says the same).
export function Simplifications() {
  return (
    <details className="simplifications">
      <summary>What this simulation simplifies</summary>
      <ul>
        <li>
          One ZooKeeper server, not an ensemble: its tree and sessions survive its own crash; quorum loss is
          not modelled.
        </li>
        <li>Network loss drops messages; real TCP would retransmit them.</li>
        <li>
          Message sizes are estimates of Kafka's v2 record format (used for batch.size, segment.bytes and
          retention).
        </li>
        <li>
          A new broker gets no replicas of existing topics until partitions are reassigned, as in Kafka;
          reassignment is not offered here.
        </li>
        <li>
          The run is deterministic: the same scenario and seed give the same trace in every browser and in
          Node (npm run sim).
        </li>
      </ul>
    </details>
  );
}
