// The cluster engine's public API for other engines (study orchestrator, deep radiomics).
export { hclust, parseLinkage, LINKAGES, type HClustResult, type Linkage } from './hclust.ts'
export { cutree, cutreeMany } from './cutree.ts'
export { distanceMatrix, scaleColumns, columnStats, parseDistance, DISTANCES, type DistanceName, type FeatureMatrix, type LabelledMatrix } from './distance.ts'
export { consensusCluster, consensusCounts, mergeCounts, summariseConsensus, DEFAULT_CONSENSUS, type ConsensusOptions, type ConsensusResult, type ConsensusCounts } from './consensus.ts'
export { assignNearestCentroid, type CentroidAssignment } from './centroid.ts'
export { adjustedRandIndex } from './ari.ts'
export { nameGroups } from './naming.ts'
