// Morphology family (IBSI-1 §3.1, tags morph_*): mesh, voxel, PCA, enclosing-shape and
// spatial-autocorrelation features of the morphological mask (features/morphology.ts).
import { morphologyFeatures } from '../features/morphology.ts'
import { prefixed } from './aggregation.ts'
import { docRows, type FeatureFamily } from './family.ts'

export const morphology: FeatureFamily = {
  id: 'morph',
  title: 'Morphology',
  section: 'IBSI-1 §3.1',
  module: 'features/morphology.ts morphologyFeatures',
  variants: [],
  progress: [0.2, 'morphology'],
  compute(inp, out) {
    Object.assign(out, prefixed('morph', morphologyFeatures({ dims: inp.dims, spacing: inp.spacing, image: inp.image, morphMask: inp.morphMask, intMask: inp.intMask }, !inp.options.basicMorphology)))
  },
  docs: docRows('morph', [
    ['morph_volume', 'Volume (mesh)', 'V = Σ signed tetrahedra of the marching-cubes mesh'], ['morph_vol_approx', 'Volume (voxel counting)', 'N_v × voxel volume'],
    ['morph_area_mesh', 'Surface area', 'A = Σ triangle areas'], ['morph_av', 'Surface to volume ratio', 'A / V'], ['morph_comp_1', 'Compactness 1', 'V / (π^½ A^{3/2})'],
    ['morph_comp_2', 'Compactness 2', '36π V² / A³'], ['morph_sph_dispr', 'Spherical disproportion', 'A / (36π V²)^{1/3}'], ['morph_sphericity', 'Sphericity', '(36π V²)^{1/3} / A'],
    ['morph_asphericity', 'Asphericity', '(A³ / (36π V²))^{1/3} − 1'], ['morph_com', 'Centre of mass shift', '‖geometric centre (morph. mask) − intensity-weighted centre (int. mask)‖'],
    ['morph_diam', 'Maximum 3D diameter', 'largest distance between convex-hull vertices of the mesh'], ['morph_pca_maj_axis', 'Major axis length', '4 √λ_major (sample covariance of voxel centres)'],
    ['morph_pca_min_axis', 'Minor axis length', '4 √λ_minor'], ['morph_pca_least_axis', 'Least axis length', '4 √λ_least'], ['morph_pca_elongation', 'Elongation', '√(λ_minor / λ_major)'],
    ['morph_pca_flatness', 'Flatness', '√(λ_least / λ_major)'], ['morph_vol_dens_aabb', 'Volume density (AABB)', 'V / V_aabb'], ['morph_area_dens_aabb', 'Area density (AABB)', 'A / A_aabb'],
    ['morph_vol_dens_aee', 'Volume density (AEE)', 'V / (4π/3 abc), a,b,c = 2√λ'], ['morph_area_dens_aee', 'Area density (AEE)', 'A / A_ellipsoid (IBSI 20-term Legendre series)'],
    ['morph_vol_dens_mvee', 'Volume density (MVEE)', 'V / V of the minimum-volume enclosing ellipsoid of the hull vertices (Khachiyan / Todd–Yıldırım)'],
    ['morph_area_dens_mvee', 'Area density (MVEE)', 'A / A_MVEE (IBSI series); no IBSI consensus value'],
    ['morph_vol_dens_conv_hull', 'Volume density (convex hull)', 'V / V_hull'], ['morph_area_dens_conv_hull', 'Area density (convex hull)', 'A / A_hull'],
    ['morph_integ_int', 'Integrated intensity', 'V × mean intensity'], ['morph_moran_i', "Moran's I", 'inverse-distance weights, exact (FFT convolution)'], ['morph_geary_c', "Geary's C", 'inverse-distance weights, exact (FFT convolution)'],
  ]),
}
